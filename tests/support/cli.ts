import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the twincity client as `user` would on their own machine: their own config directory under `dir`, English,
 * no terminal, the demo password for `login`; `stdin` answers its questions.
 */
export function runCli(
  server: string,
  dir: string,
  user: string,
  args: string[],
  { stdin = '', env = {} }: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/twincity.js', ...args],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH ?? '',
          LANG: 'en_US.UTF-8',
          TWINCITY_CONFIG_DIR: path.join(dir, user),
          TWINCITY_SERVER: server,
          TWINCITY_PASSWORD: 'demo-password',
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}
