import { passwordStrength } from '../auth/password-strength.js';
import { badInput } from '../errors.js';
import type { Region, Role } from './model.js';

/**
 * What a text may hold beyond the rules every text obeys: `line` is one line shown as it reads (titles, names,
 * labels); `lines` is prose or Markdown with tabs and line breaks; `secret` is a password, which is only hashed.
 */
export type TextShape = 'line' | 'lines' | 'secret';

const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

// Cc: controls; NUL among them, which PostgreSQL cannot store in a JSON string (FerretDB refuses the insert).
const controls: Record<Exclude<TextShape, 'secret'>, RegExp> = { line: /\p{Cc}/u, lines: /[^\P{Cc}\t\n\r]/u };
// Cf: invisible format characters (bidi overrides U+202A–U+202E and isolates U+2066–U+2069, zero-width U+200B–U+200F,
// U+2060, U+FEFF, …), other code points Unicode says to draw as nothing (Default_Ignorable_Code_Point: the Hangul
// fillers U+3164 and U+FFA0, variation selectors, …), private-use characters (drawn as each font pleases) and
// Zl/Zp line and paragraph separators: a one-line field shows what it says, and only that.
const invisible = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Zl}\p{Zp}]/u;
// Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): permanently reserved for a program's
// own use, never for interchange (Unicode §23.7).
const noncharacter =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;

/**
 * The rule every text input obeys, whatever its field, so that the bytes hashed are the bytes the database stores
 * and gives back: well-formed Unicode (a lone surrogate is stored as U+FFFD, and the case would never verify
 * again), in NFC (refused, not normalised: what is signed is exactly what its author wrote), and without
 * control characters (NUL included) but tab and line breaks in `lines`, nor noncharacters; a `line` has no
 * invisible or private-use characters or line separators either (look-alike titles). A `secret` is never stored or shown: it must be well-formed and hold
 * no NUL, and is compared in NFC (RFC 8265), so neither NFC nor other characters are asked of it. Throws
 * BAD_USER_INPUT naming the field (never the value); answers the value unchanged.
 */
export function checkUnicode(field: string, value: string, shape: TextShape): string {
  const refuse = (zh: string, en: string) => badInput(`字段 ${field} ${zh}`, `Field ${field} ${en}`, { field });
  if (!value.isWellFormed()) throw refuse('含有不成对的代理码元，不是有效的 Unicode 文本', 'is not well-formed Unicode (it holds a lone surrogate)');
  if (shape === 'secret') {
    if (value.includes('\u0000')) throw refuse('不得含有 NUL 字符', 'must not hold a NUL character');
    return value;
  }
  if (value.normalize('NFC') !== value) {
    throw refuse('须为 Unicode NFC 规范化形式（请在客户端规范化后再提交）', 'must be in Unicode normalization form NFC (normalise it before sending)');
  }
  const control = controls[shape].exec(value)?.[0];
  if (control !== undefined) throw refuse(`含有控制字符 ${codePoint(control)}`, `holds the control character ${codePoint(control)}`);
  const reserved = noncharacter.exec(value)?.[0];
  if (reserved !== undefined)
    throw refuse(`含有非字符 ${codePoint(reserved)}（不用于交换）`, `holds the noncharacter ${codePoint(reserved)}, which is not for interchange`);
  const hidden = shape === 'line' ? invisible.exec(value)?.[0] : undefined;
  if (hidden !== undefined)
    throw refuse(
      `为单行文本，不得含有不可见的格式字符或换行 ${codePoint(hidden)}`,
      `is one line and must not hold the invisible format character or separator ${codePoint(hidden)}`,
    );
  return value;
}

/**
 * A caller's text, trimmed, checked by `checkUnicode` for its shape (one line unless said), then against a
 * length in code points and an optional pattern. The result is what gets hashed and stored. Errors name the
 * field, never the value.
 */
export function checkText(
  field: string,
  value: string,
  { min = 1, max, shape = 'line', pattern }: { min?: number; max: number; shape?: Exclude<TextShape, 'secret'>; pattern?: RegExp },
): string {
  const trimmed = checkUnicode(field, value.trim(), shape);
  const length = [...trimmed].length;
  if (length < min || length > max || (pattern !== undefined && !pattern.test(trimmed))) {
    throw badInput(`字段 ${field} 不符合要求（长度 ${min}–${max}）`, `Field ${field} is invalid (length ${min}–${max})`, { field });
  }
  return trimmed;
}

/**
 * A caller's whole number within [min, max]. Only integers the database stores and RFC 8785 writes exactly get
 * through: finite, safe (within ±(2^53 − 1)) and not −0, which the database gives back as 0.
 */
export function checkWholeNumber(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || Object.is(value, -0) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? { zh: `不小于 ${min} 的整数`, en: `a whole number of at least ${min}` }
        : { zh: `${min}–${max} 的整数`, en: `a whole number from ${min} to ${max}` };
    throw badInput(`${field} 须为${range.zh}`, `${field} must be ${range.en}`, { field });
  }
  return value;
}

/** A username (3–40 of a–z, 0–9, `._-`); BAD_USER_INPUT naming `field` (`username` unless the input calls it otherwise). */
export const checkUsername = (value: string, field = 'username'): string => checkText(field, value, { min: 3, max: 40, pattern: /^[a-z0-9][a-z0-9._-]*$/ });
export const checkAgencyId = (value: string): string => checkText('agencyId', value, { min: 2, max: 32, pattern: /^[A-Z][A-Z0-9-]*$/ });
export const checkName = (field: string, value: string): string => checkText(field, value, { max: 100 });

export function checkPassword(value: string): string {
  checkUnicode('password', value, 'secret');
  if ([...value].length < 12 || value.length > 256) {
    throw badInput('密码长度须为 12–256 个字符', 'Passwords must be 12 to 256 characters long', { field: 'password' });
  }
  return value;
}

/** zxcvbn's score 4: "very unguessable: strong protection from offline slow-hash scenario". */
const minimumStrength = 4;

/** Words anyone guessing a password here would try first. */
const productWords = [
  'twincity',
  'chengdu',
  'chongqing',
  'chengyu',
  'joint',
  'office',
  'drafter',
  'reviewer',
  'signatory',
  'coordinator',
  'auditor',
  'admin',
  'demo',
];

/**
 * A password an administrator sets for a user: besides the length, hard to guess (zxcvbn-ts score 4 of 4) given
 * what is known of the account (`known`: username, display name, agency id and names — each also in its parts and
 * without punctuation) and of the product.
 */
export function checkStrongPassword(value: string, known: readonly string[]): string {
  checkPassword(value);
  const userInputs = [...productWords, ...known.flatMap((word) => [word, word.replace(/[^\p{L}\p{N}]/gu, ''), ...word.split(/[^\p{L}\p{N}]+/u)])].filter(
    (word) => word.length > 1,
  );
  const { score, warning } = passwordStrength(value, userInputs);
  if (score < minimumStrength) {
    throw badInput(
      '密码太容易被猜到：请使用更长、更不常见的口令（例如几个互不相关的词），不要包含用户名或机构名',
      `The password is too easy to guess${warning === null ? '' : ` (${warning})`}: use a longer, less common passphrase, without the username or agency`,
      { field: 'password' },
    );
  }
  return value;
}

export const checkFirst = (first: number): number => checkWholeNumber('first', first, 1, 200);

const cityRoles: readonly Role[] = ['DRAFTER', 'REVIEWER', 'SIGNATORY'];
const jointRoles: readonly Role[] = ['COORDINATOR', 'AUDITOR', 'ADMIN'];

/**
 * Which roles a user may hold together, by the separation of duties (GB/T 22239 §8.1.4.2 and the rules of
 * audit independence): the two cities' agencies draft, review and sign, and whoever drafts neither reviews nor
 * signs (no one approves their own text); the joint office coordinates, audits and administers the directory, each
 * role alone — no one audits decisions they could have taken, and an administrator, who gives roles, takes
 * no part in cases. A user holds at least one role. The problem in both languages, or undefined when the roles fit.
 */
export function roleConflict(roles: readonly Role[], region: Region): { zh: string; en: string } | undefined {
  const allowed = region === 'JOINT' ? jointRoles : cityRoles;
  const misplaced = roles.filter((role) => !allowed.includes(role));
  if (misplaced.length > 0) {
    return {
      zh: `角色 ${misplaced.join(', ')} 不适用于该机构所在区域（${region}）`,
      en: `Role(s) ${misplaced.join(', ')} do not fit an agency of region ${region}`,
    };
  }
  if (roles.length === 0) return { zh: '用户至少须有一个角色', en: 'A user holds at least one role' };
  if (region === 'JOINT' && roles.length > 1) {
    return { zh: '联合办公室的协调、审计和管理角色须由不同人员担任', en: 'In the joint office coordinating, auditing and administering are each held alone' };
  }
  if (roles.includes('DRAFTER') && roles.length > 1) {
    return { zh: '起草人不得兼任审核人或签署人：任何人不得审批自己起草的文本', en: 'A drafter neither reviews nor signs: no one approves their own text' };
  }
  return undefined;
}

export function checkRolesForRegion(assigned: readonly Role[], region: Region): Role[] {
  const unique = [...new Set(assigned)];
  const conflict = roleConflict(unique, region);
  if (conflict !== undefined) throw badInput(conflict.zh, conflict.en, { field: 'roles' });
  return unique;
}
