import type { ParseArgsConfig } from 'node:util';
import type { Context } from './context.js';

export type Values = Record<string, string | boolean | string[] | undefined>;

/** One subcommand: its options (beyond the global ones), and what it does. */
export interface Command {
  summary: { zh: string; en: string };
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: Context, values: Values, positionals: string[]): Promise<void> | void;
}

export const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
