import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let estimator: ZxcvbnFactory | undefined;

/**
 * How hard a password is to guess, by zxcvbn-ts (Dropbox's estimator, maintained in TypeScript): a score from 0
 * (too guessable) to 4, and the estimator's English warning, if any. `userInputs` are words an attacker knows
 * of the account (its name, its agency), counted as easy guesses. The dictionaries load on first use.
 */
export function passwordStrength(password: string, userInputs: readonly string[]): { score: number; warning: string | null } {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  const { score, feedback } = estimator.check(password, [...userInputs]);
  return { score, warning: feedback.warning };
}
