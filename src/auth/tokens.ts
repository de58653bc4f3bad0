import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { unauthenticated, type AppError } from '../errors.js';
import type { KeyRing } from './keys.js';

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const clockToleranceSeconds = 5;

const invalidToken = (): AppError => unauthenticated('令牌无效或已过期，请重新登录', 'Invalid or expired token: sign in again');

/**
 * The only user of jsonwebtoken. It does too little by default (DESIGN §11): here the algorithm is pinned
 * per key id, and `exp`, `iat`, `sub`, `iss` and `aud` are all required.
 */
export class TokenService {
  constructor(
    private readonly keys: KeyRing,
    private readonly settings: TokenSettings,
  ) {}

  /** An access token for `userId`, carrying `disablings`, how many times the account was disabled before it was issued (see `User.disablings`). */
  issue(userId: string, disablings: number): IssuedToken {
    const { active } = this.keys;
    const token = jwt.sign(disablings === 0 ? {} : { disablings }, active.privateKey, {
      algorithm: active.algorithm,
      keyid: active.kid,
      subject: userId,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      expiresIn: this.settings.ttlSeconds,
      notBefore: 0,
      jwtid: randomUUID(),
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * A device token for the user: shown at the next sign-in from the same client, it keeps the account usable from
   * there while others' wrong guesses hold it locked (login-throttle.ts). Same keys, its own audience and `typ`, so
   * it is never taken for an access token, nor one for it.
   */
  issueDevice(userId: string, deviceId: string): string {
    const { active } = this.keys;
    return jwt.sign({}, active.privateKey, {
      algorithm: active.algorithm,
      keyid: active.kid,
      header: { alg: active.algorithm, kid: active.kid, typ: deviceType },
      subject: userId,
      issuer: this.settings.issuer,
      audience: this.deviceAudience,
      expiresIn: deviceTtlSeconds,
      jwtid: deviceId,
    });
  }

  /** The device id of a device token issued to `userId`; undefined for anything else, which is no error. */
  deviceOf(token: string, userId: string): string | undefined {
    const payload = this.check(token, this.deviceAudience, deviceType, deviceTtlSeconds);
    return payload?.sub === userId && typeof payload.jti === 'string' ? payload.jti : undefined;
  }

  /**
   * The user id the token was issued to, and the count of disablings it was issued under (0 when it names none); any
   * defect is the same `UNAUTHENTICATED`, telling an attacker nothing.
   */
  verify(token: string): { subject: string; disablings: number } {
    const payload = this.check(token, this.settings.audience, 'JWT', this.settings.ttlSeconds);
    if (payload === undefined) throw invalidToken();
    return { subject: payload.sub, disablings: payload.disablings ?? 0 };
  }

  /**
   * The payload of a token signed by a key of the ring with that key's algorithm, for `audience`, of type `type` (or
   * none, for access tokens), with no critical header extension (RFC 7515 §4.1.11: none is understood here), issued
   * no later than now and living no longer than `ttlSeconds` (RFC 8725 §3.10, §3.11); undefined otherwise.
   */
  private check(token: string, audience: string, type: string, ttlSeconds: number): { sub: string; disablings?: number; jti?: string } | undefined {
    // The header is the sender's JSON, whatever the types say: a `kid` or `typ` of another type is no token.
    const header = jwt.decode(token, { complete: true })?.header as Record<string, unknown> | undefined;
    const key = typeof header?.kid === 'string' ? this.keys.byKid.get(header.kid) : undefined;
    if (header === undefined || key === undefined || header.crit !== undefined) return undefined;
    const typ = header.typ === undefined ? undefined : typeof header.typ === 'string' ? header.typ.toUpperCase() : null;
    if (!(typ === type.toUpperCase() || (typ === undefined && type === 'JWT'))) return undefined;
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, key.publicKey, {
        algorithms: [key.algorithm],
        issuer: this.settings.issuer,
        audience,
        clockTolerance: clockToleranceSeconds,
      });
    } catch {
      return undefined;
    }
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.iat !== 'number') return undefined;
    const now = Math.floor(Date.now() / 1000);
    if (payload.iat > now + clockToleranceSeconds || payload.exp - payload.iat > ttlSeconds + clockToleranceSeconds) return undefined;
    if (payload.disablings !== undefined && !(Number.isSafeInteger(payload.disablings) && (payload.disablings as number) > 0)) return undefined;
    return {
      sub: payload.sub,
      ...(payload.disablings === undefined ? {} : { disablings: payload.disablings as number }),
      ...(payload.jti === undefined ? {} : { jti: payload.jti }),
    };
  }

  private get deviceAudience(): string {
    return `${this.settings.audience}/device`;
  }
}

const deviceType = 'twincity-device+jwt';
/** Half a year: a device token only lets its holder keep trying the password, under its own throttle. */
const deviceTtlSeconds = 183 * 86_400;
