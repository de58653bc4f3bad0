import { badInput } from '../errors.js';
import type { Region, Role } from './model.js';

/** Checks a caller's string against a pattern and length; the error names the field, never the value. */
export function checkText(field: string, value: string, { min = 1, max, pattern }: { min?: number; max: number; pattern?: RegExp }): string {
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length < min || length > max || (pattern !== undefined && !pattern.test(trimmed))) {
    throw badInput(`字段 ${field} 不符合要求（长度 ${min}–${max}）`, `Field ${field} is invalid (length ${min}–${max})`, { field });
  }
  return trimmed;
}

const noControlCharacters = /^[^\p{Cc}]*$/u;

export const checkUsername = (value: string): string =>
  checkText('username', value, { min: 3, max: 40, pattern: /^[a-z0-9][a-z0-9._-]*$/ });
export const checkAgencyId = (value: string): string =>
  checkText('agencyId', value, { min: 2, max: 32, pattern: /^[A-Z][A-Z0-9-]*$/ });
export const checkName = (field: string, value: string): string =>
  checkText(field, value, { max: 100, pattern: noControlCharacters });

export function checkPassword(value: string): string {
  if ([...value].length < 12 || value.length > 256) {
    throw badInput('密码长度须为 12–256 个字符', 'Passwords must be 12 to 256 characters long', { field: 'password' });
  }
  return value;
}

export function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > 200) {
    throw badInput('first 须在 1–200 之间', 'first must be between 1 and 200', { field: 'first' });
  }
  return first;
}

/** The joint office coordinates; only the two cities' agencies draft, review and sign. */
export function checkRolesForRegion(assigned: readonly Role[], region: Region): Role[] {
  const unique = [...new Set(assigned)];
  const cityOnly: Role[] = ['DRAFTER', 'REVIEWER', 'SIGNATORY'];
  const misplaced = unique.filter((role) => (region === 'JOINT' ? cityOnly.includes(role) : role === 'COORDINATOR'));
  if (misplaced.length > 0) {
    throw badInput(
      `角色 ${misplaced.join(', ')} 不适用于该机构所在区域`,
      `Role(s) ${misplaced.join(', ')} do not fit an agency of region ${region}`,
      { field: 'roles' },
    );
  }
  return unique;
}
