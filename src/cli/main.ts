import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command } from './command.js';
import { auditCommands } from './commands/audit.js';
import { calendarCommands } from './commands/calendar.js';
import { caseCommands } from './commands/cases.js';
import { keyCommands } from './commands/keys.js';
import { sessionCommands } from './commands/session.js';
import { Context } from './context.js';
import { configDir, Home } from './home.js';
import { describeFailure, exitCodes, languageFrom, Output, Prompter, usage, type Language } from './io.js';

/**
 * twincity: the command-line client of the Twin-City Policy Coordination API. It speaks to the server only
 * through GraphQL over HTTP; signing keys are made, sealed and used on this machine alone.
 */

const commands: Record<string, Command> = { ...sessionCommands, ...keyCommands, ...caseCommands, ...auditCommands, ...calendarCommands };

const globalOptions = {
  server: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

function help(out: Output): void {
  out.line(out.t('用法: twincity [--server URL] [--lang zh|en] [--json] 命令 …', 'usage: twincity [--server URL] [--lang zh|en] [--json] COMMAND …'));
  out.line();
  for (const command of Object.values(commands)) out.line(`  ${command.usage.padEnd(60)} ${out.t(command.summary.zh, command.summary.en)}`);
  out.line();
  out.line(
    out.t(
      '退出码: 0 成功, 1 核验发现问题, 2 用法错误, 3 未登录或会话过期, 4 服务器拒绝, 5 无法连接服务器, 6 密钥不可用或口令错误, 7 已取消',
      'exit codes: 0 ok, 1 verification found problems, 2 usage, 3 not signed in or session expired, 4 the server refused, 5 server unreachable, 6 key unusable or wrong passphrase, 7 cancelled',
    ),
  );
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The command is the first one or two words that name one ("keys generate"), after any global options.
  const words = parseArgs({ args: argv, allowPositionals: true, strict: false, options: globalOptions }).positionals;
  const name = [`${words[0] ?? ''} ${words[1] ?? ''}`, words[0] ?? ''].find((candidate) => commands[candidate] !== undefined);
  const command = name === undefined ? undefined : commands[name];
  let language: Language = languageFrom(env);
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...globalOptions, ...(command?.options ?? {}) } });
    if (values.lang !== undefined) {
      if (values.lang !== 'zh' && values.lang !== 'en') throw usage('--lang 须为 zh 或 en', '--lang is zh or en');
      language = values.lang;
    }
    json = values.json === true;
    const out = new Output(language, json);
    if (command === undefined || values.help === true) {
      help(out);
      return command === undefined && values.help !== true ? exitCodes.usage : exitCodes.ok;
    }
    const server = values.server ?? env.TWINCITY_SERVER ?? 'http://127.0.0.1:4000/graphql';
    const ctx = new Context(server, out, new Home(configDir(env)), new Prompter(), env);
    await command.run(ctx, values, positionals.slice(name!.split(' ').length));
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    const failure = describeFailure(
      error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS') ? usage(error.message, error.message) : error,
      language,
    );
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
    process.stderr.write(`${failure.code}: ${failure.message}\n`);
    return failure.exit;
  }
}
