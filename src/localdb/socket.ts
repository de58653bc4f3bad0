import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDatabaseError } from './binary.js';

/** sockaddr_un holds 108 bytes with the closing NUL (Linux; 104 on macOS): paths longer cannot be bound. */
const maxSocketPath = 100;

/**
 * A directory only this user may enter (mode 0700, owned by them, not a symbolic link): made so if it does not
 * exist, refused if it exists otherwise — FerretDB has no authentication, so whoever reaches its socket owns the
 * data.
 */
export async function privateDirectory(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await lstat(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.()) {
    throw new LocalDatabaseError(`${dir} must be a directory of the user running the server, not a link`);
  }
  if ((stat.mode & 0o077) !== 0) await chmod(dir, 0o700);
  return dir;
}

/**
 * The socket of the local database of `dataDir`: `mongodb.sock` inside it when the path fits a socket address, else
 * a name derived from the data directory in a private directory of the user's runtime directory (XDG_RUNTIME_DIR,
 * which the system makes theirs alone) or, without one, of the system's temporary directory (a deep DATA_DIR).
 * Either way in a directory of mode 0700 of this user.
 */
export async function databaseSocket(dataDir: string, runtimeDir: string | undefined): Promise<string> {
  const inside = path.join(await privateDirectory(dataDir), 'mongodb.sock');
  if (Buffer.byteLength(inside) <= maxSocketPath) return inside;
  const fallback = await privateDirectory(path.join(runtimeDir ?? tmpdir(), `twincity-${process.getuid?.() ?? 'user'}`));
  return path.join(fallback, `${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}.sock`);
}

/** The MongoDB URI of a socket: its path percent-encoded as the host, which the driver takes as a socket. */
export const socketUri = (socket: string): string => `mongodb://${encodeURIComponent(socket)}/`;

/**
 * Whether a database already listens on the socket (another server of the same data directory started it). A
 * socket file nobody listens on (left by a process killed with -9) is removed, so that a new database can bind it.
 */
export async function socketAnswers(socket: string): Promise<boolean> {
  const answered = await new Promise<boolean>((resolve) => {
    const probe = connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (!answered) await unlink(socket).catch(() => undefined);
  return answered;
}
