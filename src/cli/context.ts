import { client, type Api } from './api.js';
import type { Home, Session } from './home.js';
import { open, type LocalKey, type SealedKey } from './vault.js';
import { CliError, exitCodes, usage, type Output, type Prompter } from './io.js';

/** What every command has: the server, the user's home of sessions and keys, prompts and output. */
export class Context {
  readonly api: Api;

  constructor(
    readonly server: string,
    readonly out: Output,
    readonly home: Home,
    readonly prompter: Prompter,
    readonly env: NodeJS.ProcessEnv,
    readonly now: () => Date = () => new Date(),
  ) {
    this.api = client(server, out.language, {
      onRateLimited: (ms) =>
        process.stderr.write(`${out.t(`请求过于频繁：${String(ms / 1000)} 秒后重试`, `Rate limited: retrying in ${String(ms / 1000)} s`)}\n`),
    });
  }

  /** The signed-in session for this server; a missing or expired one is a clear error, before any request. */
  session(): Session {
    const session = this.home.session(this.server);
    if (session === undefined) {
      throw new CliError('NOT_SIGNED_IN', exitCodes.auth, {
        zh: `尚未登录 ${this.server}：请先 twincity login`,
        en: `Not signed in to ${this.server}: run twincity login`,
      });
    }
    if (Date.parse(session.expiresAt) <= this.now().getTime()) {
      throw new CliError('SESSION_EXPIRED', exitCodes.auth, {
        zh: `${session.username} 的会话已于 ${session.expiresAt} 过期：请重新 twincity login`,
        en: `The session of ${session.username} expired at ${session.expiresAt}: run twincity login again`,
      });
    }
    return session;
  }

  call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.api.call<T>(query, variables, this.session().token);
  }

  /** A text the command needs: from its option, else asked for; required ones may not be left empty. */
  async text(value: string | undefined, label: { zh: string; en: string }, required: boolean): Promise<string | undefined> {
    if (value !== undefined) return value;
    if (!required) return undefined;
    const answer = (await this.prompter.ask(`${this.out.t(label.zh, label.en)}: `))?.trim();
    if (answer === undefined || answer === '') throw usage(`须填写${label.zh}`, `A ${label.en.toLowerCase()} is required`);
    return answer;
  }

  /** A passphrase: TWINCITY_PASSPHRASE when set (for scripts), else asked for without echo. */
  async passphrase(question: { zh: string; en: string }): Promise<string> {
    const fromEnv = this.env.TWINCITY_PASSPHRASE;
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const answer = await this.prompter.ask(`${this.out.t(question.zh, question.en)}: `, { secret: true });
    if (answer === undefined || answer === '') throw usage('须输入口令', 'A passphrase is required');
    return answer;
  }

  /** The local key named (by id, or a prefix of eight or more digits), or the only one there is. */
  sealedKey(given: string | undefined): SealedKey {
    const keys = this.home.keys();
    const keyId = given ?? (keys.length === 1 ? keys[0]!.id : undefined);
    if (keyId === undefined) throw usage('请用 --key 选择签名密钥（twincity keys list）', 'Choose the signing key with --key (twincity keys list)');
    const sealed = keys.find((key) => key.id === keyId || (keyId.length >= 8 && key.id.startsWith(keyId)));
    if (sealed === undefined) throw new CliError('KEY_MISSING', exitCodes.key, { zh: `本机没有密钥 ${keyId}`, en: `No key ${keyId} on this machine` });
    return sealed;
  }

  /** Opens a sealed key with its passphrase, only to sign. */
  async unlock(sealed: SealedKey): Promise<LocalKey> {
    return open(sealed, await this.passphrase({ zh: '私钥口令', en: 'Passphrase of the private key' }));
  }
}
