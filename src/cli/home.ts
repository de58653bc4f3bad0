import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { SealedKey } from './vault.js';

/**
 * What the client keeps on the user's machine, in their config directory (TWINCITY_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/twincity, else ~/.config/twincity), readable by them alone: a session per server
 * (its token), a device token per server and user (which keeps the account usable from here while others'
 * wrong guesses hold it locked), and their sealed signing keys.
 */

export interface Session {
  token: string;
  username: string;
  expiresAt: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TWINCITY_CONFIG_DIR) return path.resolve(env.TWINCITY_CONFIG_DIR);
  return path.join(env.XDG_CONFIG_HOME ? path.resolve(env.XDG_CONFIG_HOME) : path.join(homedir(), '.config'), 'twincity');
}

function writePrivate(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  // An existing file keeps its old mode on write: set it again.
  chmodSync(file, 0o600);
}

/** A JSON object of records kept in `file`; none when the file is missing or unreadable. */
function readRecords<T>(file: string): Record<string, T> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, T>;
  } catch {
    return {};
  }
}

export class Home {
  constructor(readonly dir: string) {}

  private get sessionsFile(): string {
    return path.join(this.dir, 'sessions.json');
  }

  private sessions(): Record<string, Session> {
    return readRecords<Session>(this.sessionsFile);
  }

  session(server: string): Session | undefined {
    return this.sessions()[server];
  }

  saveSession(server: string, session: Session): void {
    writePrivate(this.sessionsFile, `${JSON.stringify({ ...this.sessions(), [server]: session }, null, 2)}\n`);
  }

  forgetSession(server: string): boolean {
    const { [server]: gone, ...rest } = this.sessions();
    writePrivate(this.sessionsFile, `${JSON.stringify(rest, null, 2)}\n`);
    return gone !== undefined;
  }

  private get devicesFile(): string {
    return path.join(this.dir, 'devices.json');
  }

  private devices(): Record<string, string> {
    return readRecords<string>(this.devicesFile);
  }

  /** The device token the server gave this machine at its last sign-in as `username` (kept past a logout). */
  deviceToken(server: string, username: string): string | undefined {
    return this.devices()[`${server} ${username}`];
  }

  saveDeviceToken(server: string, username: string, token: string): void {
    writePrivate(
      this.devicesFile,
      `${JSON.stringify({ ...this.devices(), [`${server} ${username}`]: token }, null, 2)}
`,
    );
  }

  private keyFile(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not a key id: ${id}`);
    return path.join(this.dir, 'keys', `${id}.json`);
  }

  saveKey(sealed: SealedKey): string {
    const file = this.keyFile(sealed.id);
    writePrivate(file, `${JSON.stringify(sealed, null, 2)}\n`);
    return file;
  }

  key(id: string): SealedKey | undefined {
    try {
      return JSON.parse(readFileSync(this.keyFile(id), 'utf8')) as SealedKey;
    } catch {
      return undefined;
    }
  }

  keys(): SealedKey[] {
    let names: string[];
    try {
      names = readdirSync(path.join(this.dir, 'keys'));
    } catch {
      return [];
    }
    return names.filter((name) => /^[0-9a-f]{64}\.json$/.test(name)).flatMap((name) => this.key(name.slice(0, 64)) ?? []);
  }

  deleteKey(id: string): void {
    rmSync(this.keyFile(id), { force: true });
  }
}
