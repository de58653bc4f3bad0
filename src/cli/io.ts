import { readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ApiError, UnreachableError } from './api.js';
import { WrongPassphraseError } from './vault.js';

export type Language = 'zh' | 'en';

/** Exit codes scripts can rely on (the README lists them). */
export const exitCodes = {
  ok: 0,
  /** verify or verify-bundle found problems */
  problems: 1,
  usage: 2,
  /** not signed in, or the session expired */
  auth: 3,
  /** the server refused: its code says why */
  refused: 4,
  /** the server could not be reached, or failed */
  unreachable: 5,
  /** a local key could not be used: missing, or the passphrase was wrong */
  key: 6,
  /** the user said no when asked to confirm */
  cancelled: 7,
} as const;

/** An error the client reports itself: a code for scripts, a message in both languages. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    readonly exit: number,
    readonly messages: Record<Language, string>,
  ) {
    super(messages.en);
  }
}

export const usage = (zh: string, en: string): CliError => new CliError('USAGE', exitCodes.usage, { zh, en });

export function languageFrom(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Every failure as { code, message, exit }: the server's code and message as it sent them, never a stack trace. */
export function describeFailure(error: unknown, language: Language): { code: string; message: string; exit: number } {
  if (error instanceof CliError) return { code: error.code, message: error.messages[language], exit: error.exit };
  if (error instanceof ApiError) {
    const exit =
      error.code === 'UNAUTHENTICATED'
        ? exitCodes.auth
        : error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE'
          ? exitCodes.unreachable
          : exitCodes.refused;
    const hint = error.code === 'UNAUTHENTICATED' ? (language === 'zh' ? '（请先 twincity login）' : ' (sign in again: twincity login)') : '';
    return { code: error.code, message: `${error.message}${hint}`, exit };
  }
  if (error instanceof UnreachableError) {
    return {
      code: 'UNREACHABLE',
      message: language === 'zh' ? `无法连接服务器：${error.message}` : `Cannot reach the server: ${error.message}`,
      exit: exitCodes.unreachable,
    };
  }
  if (error instanceof WrongPassphraseError) {
    return {
      code: 'WRONG_PASSPHRASE',
      message: language === 'zh' ? '口令错误，或密钥文件已被改动' : 'Wrong passphrase, or the key file was altered',
      exit: exitCodes.key,
    };
  }
  return { code: 'CLIENT_ERROR', message: error instanceof Error ? error.message : String(error), exit: exitCodes.unreachable };
}

/**
 * One line from a pipe, read byte by byte so that nothing after it is taken: the next command in a script
 * reading the same pipe gets the next line, as with the shell's `read`.
 */
function pipedLine(fd = 0): string | undefined {
  const bytes: number[] = [];
  const byte = Buffer.alloc(1);
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, byte, 0, 1, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0) return bytes.length === 0 ? undefined : Buffer.from(bytes).toString('utf8');
    if (byte[0] === 0x0a) return Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
    bytes.push(byte[0]!);
  }
}

/** Reads answers from standard input: a terminal is asked (a secret without echo), a pipe gives a line per answer. */
export class Prompter {
  private lines: AsyncIterator<string> | undefined;

  constructor(private readonly input: NodeJS.ReadStream = process.stdin) {}

  private async line(): Promise<string | undefined> {
    this.lines ??= createInterface({ input: this.input, terminal: false })[Symbol.asyncIterator]();
    const next = await this.lines.next();
    return next.done === true ? undefined : next.value;
  }

  async ask(question: string, { secret = false } = {}): Promise<string | undefined> {
    if (!this.input.isTTY) return pipedLine();
    process.stderr.write(question);
    if (!secret) return this.line();
    // No echo: read raw keystrokes until Enter.
    return new Promise((resolve) => {
      let value = '';
      this.input.setRawMode(true);
      this.input.resume();
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            this.input.setRawMode(false);
            this.input.pause();
            this.input.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (char === '\u0003') process.exit(exitCodes.cancelled);
          value = char === '\u007f' ? value.slice(0, -1) : value + char;
        }
      };
      this.input.on('data', onData);
    });
  }
}

const colours = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** What a command writes: tables and text for people, one JSON document with --json. */
export class Output {
  constructor(
    readonly language: Language,
    readonly json: boolean,
    private readonly colour = process.stdout.isTTY === true && !process.env.NO_COLOR,
  ) {}

  t(zh: string, en: string): string {
    return this.language === 'zh' ? zh : en;
  }

  paint(colour: keyof typeof colours, text: string): string {
    return this.colour ? `\u001b[${colours[colour]}m${text}\u001b[0m` : text;
  }

  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }

  data(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Columns padded by display width (a Chinese character takes two). */
  table(headers: string[], rows: string[][]): void {
    const width = (text: string) =>
      [...text].reduce(
        (sum, char) => sum + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1),
        0,
      );
    const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
    const render = (cells: string[]) =>
      cells
        .map((cell, column) => cell + ' '.repeat(widths[column]! - width(cell)))
        .join('  ')
        .trimEnd();
    this.line(this.paint('bold', render(headers)));
    for (const row of rows) this.line(render(row));
  }
}
