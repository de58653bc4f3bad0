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

  issue(userId: string): IssuedToken {
    const { active } = this.keys;
    const token = jwt.sign({}, active.privateKey, {
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

  /** The user id the token was issued to; any defect is the same `UNAUTHENTICATED`, telling an attacker nothing. */
  verify(token: string): string {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    const key = kid === undefined ? undefined : this.keys.byKid.get(kid);
    if (key === undefined) throw invalidToken();
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, key.publicKey, {
        algorithms: [key.algorithm],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: clockToleranceSeconds,
      });
    } catch {
      throw invalidToken();
    }
    if (
      typeof payload === 'string' ||
      typeof payload.sub !== 'string' ||
      typeof payload.exp !== 'number' ||
      typeof payload.iat !== 'number' ||
      payload.exp - payload.iat > this.settings.ttlSeconds + clockToleranceSeconds
    ) {
      throw invalidToken();
    }
    return payload.sub;
  }
}
