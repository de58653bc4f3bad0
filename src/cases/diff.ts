import { diffArrays } from 'diff';
import type { ProjectPlan } from '../../workflows/joint-project.js';
import type { DocumentContent } from '../store/records.js';
import { amountText } from './amount.js';

export type DiffKind = 'ADDED' | 'REMOVED' | 'UNCHANGED';

export interface Segment {
  kind: DiffKind;
  text: string;
}

/**
 * One line of a redline. An UNCHANGED, ADDED or REMOVED line is one segment of its kind; a CHANGED line is the
 * old line made into the new one, word by word. Line numbers count from 1 in each version.
 */
export interface RedlineLine {
  kind: DiffKind | 'CHANGED';
  fromLine: number | null;
  toLine: number | null;
  segments: Segment[];
}

/** A text field in both versions, line by line. */
export interface TextDiff {
  field: string;
  unchanged: boolean;
  lines: RedlineLine[];
  /** Lines of the redline beyond the first `maxLines`, not shown. */
  omittedLines: number;
}

export interface DocumentDiff {
  /** The fields other than the body that changed, with both values as text (one item a line for lists). */
  fields: { field: string; before: string | null; after: string | null }[];
  /** The body line by line: a changed line is its old line REMOVED and its new line ADDED. */
  body: Segment[];
  /** Every text field either version has, in the order of {@link documentFields}. */
  redline: TextDiff[];
  /** Every field whose value differs, text or not, in the order of {@link documentFields}. */
  changedFields: string[];
  /** No text changed: the versions differ, if at all, in fields that are not text (policy areas, budget, lead agencies). */
  textUnchanged: boolean;
}

const budgetText = (plan: ProjectPlan | undefined) => plan && `${amountText(plan.budget.initiator)} / ${amountText(plan.budget.counterpart)} 万元`;
const milestonesText = (plan: ProjectPlan | undefined) =>
  plan?.milestones
    .map((m) => `${m.id} ${m.title}（${m.side === 'initiator' ? '发起方' : '对方'} ${m.ownerAgencyId}，${m.dueDate}）：${m.deliverable}`)
    .join('\n');

/** The versioned fields of a document as text; `text` fields are compared word by word, the others as values. */
const documentFields: { field: string; text: boolean; of: (content: DocumentContent) => string | undefined }[] = [
  { field: 'title', text: true, of: (c) => c.title.zh },
  { field: 'titleEn', text: true, of: (c) => c.title.en },
  { field: 'summary', text: true, of: (c) => c.summary },
  { field: 'body', text: true, of: (c) => c.body },
  { field: 'policyAreas', text: false, of: (c) => c.policyAreas.join(', ') },
  { field: 'goals', text: true, of: (c) => c.project?.goals.join('\n') },
  { field: 'budget', text: false, of: (c) => budgetText(c.project) },
  { field: 'leadAgencies', text: false, of: (c) => c.project && `${c.project.leadAgencies.initiator} / ${c.project.leadAgencies.counterpart}` },
  { field: 'milestones', text: true, of: (c) => milestonesText(c.project) },
];

// Chinese has no spaces between words: the ICU dictionary finds them. Segments are whole code points (never half
// a surrogate pair); what is between words (spaces, punctuation) is a segment of its own. V8's segmenter takes time
// quadratic in the length of what it is given (16,000 characters: 0.15 s, 200,000: minutes), so a line is
// segmented a clause at a time: 。、！？ end a word in every language (unlike ， and ；, which may sit inside a
// number); a run of more than 1,000 characters without them is cut, at a code point.
const words = new Intl.Segmenter('zh-CN', { granularity: 'word' });
const clauses = /[^。、！？]{1,1000}[。、！？]?|[。、！？]/gu;
const tokensOf = (line: string): string[] => (line.match(clauses) ?? []).flatMap((clause) => Array.from(words.segment(clause), ({ segment }) => segment));

/**
 * The work one redline may do, so that it holds the event loop no longer than about a tenth of a second whatever
 * the texts (a body may have 200,000 characters): the line diff of a text gives up beyond `maxLineEdits` lines
 * changed, or sooner on a long text, where Myers' algorithm takes about lines × edits steps (`lineSteps` in all) —
 * the texts are then one replaced block; a line pair gives up beyond `maxWordEdits` words changed, and pairing lines
 * stops once `budgetSteps` steps (about 0.2 µs each) are spent: the lines left are whole, and not split into words.
 * A redline shows at most `maxLines` lines of a field; `omittedLines` counts the rest.
 */
const maxLineEdits = 1000;
const lineSteps = 1_000_000;
const maxWordEdits = 1000;
const budgetSteps = 500_000;
const maxLines = 2000;
/** How many added lines after the last paired one a removed line is compared with. */
const pairingWindow = 4;

const kindOf = (part: { added: boolean; removed: boolean }): DiffKind => (part.added ? 'ADDED' : part.removed ? 'REMOVED' : 'UNCHANGED');

/** The most tokens two lines can have in common in any order: an upper bound of what they have in common in order. */
function commonBound(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const token of a) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of b) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      counts.set(token, left - 1);
      common += 1;
    }
  }
  return common;
}

/**
 * The old line made into the new one word by word, if it is the same line edited: at most half of their tokens
 * changed. undefined when it is not, or when telling would overspend the budget.
 */
function editedLine(a: readonly string[], b: readonly string[], budget: { steps: number }): Segment[] | undefined {
  const size = a.length + b.length;
  if (size === 0 || budget.steps <= 0) return undefined;
  budget.steps -= size;
  if (4 * commonBound(a, b) < size) return undefined;
  const maxEditLength = Math.min(Math.floor(size / 2), maxWordEdits);
  const parts = diffArrays([...a], [...b], { maxEditLength });
  // Myers' algorithm takes about edits² + size steps: a line edited a little costs little, a failed try the most.
  const edits = parts === undefined ? maxEditLength : parts.reduce((sum, part) => sum + (part.added || part.removed ? part.value.length : 0), 0);
  budget.steps -= edits * edits + size;
  return parts?.map((part) => ({ kind: kindOf(part), text: part.value.join('') }));
}

const whole = (kind: DiffKind, text: string): Segment[] => [{ kind, text }];

/** ICU's word segmenter takes about 2 µs a character: ten steps of the budget. */
const segmenterSteps = 10;
const tokenized = (line: string, budget: { steps: number }): string[] => {
  budget.steps -= line.length * segmenterSteps;
  return tokensOf(line);
};

/**
 * A replaced block of lines as a redline, onto `lines`: each removed line is paired, in order, with the first of the
 * next few added lines it is, or is an edit of (UNCHANGED or CHANGED); the lines left over are REMOVED or ADDED whole.
 */
function replacedBlock(lines: Lines, removed: readonly string[], added: readonly string[], from: number, to: number, budget: { steps: number }): void {
  const addedTokens: (string[] | undefined)[] = [];
  let next = 0;
  const addUntil = (until: number) => {
    for (; next < until; next += 1) lines.push({ kind: 'ADDED', fromLine: null, toLine: to + next, segments: whole('ADDED', added[next]!) });
  };
  removed.forEach((line, i) => {
    let tokens: string[] | undefined;
    for (let j = next; j < Math.min(added.length, next + pairingWindow); j += 1) {
      const same = line === added[j];
      // Once the budget is spent only identical lines pair: splitting lines into words costs more than comparing.
      if (!same && budget.steps <= 0) continue;
      tokens ??= same ? undefined : tokenized(line, budget);
      const segments = same ? whole('UNCHANGED', line) : editedLine(tokens!, (addedTokens[j] ??= tokenized(added[j]!, budget)), budget);
      if (segments !== undefined) {
        addUntil(j);
        lines.push({ kind: same ? 'UNCHANGED' : 'CHANGED', fromLine: from + i, toLine: to + j, segments });
        next = j + 1;
        return;
      }
    }
    lines.push({ kind: 'REMOVED', fromLine: from + i, toLine: null, segments: whole('REMOVED', line) });
  });
  addUntil(added.length);
}

/** The lines of a redline as it is made: the first `maxLines` kept, the rest only counted. */
class Lines {
  readonly shown: RedlineLine[] = [];
  omitted = 0;

  push(line: RedlineLine): void {
    if (this.shown.length < maxLines) this.shown.push(line);
    else this.omitted += 1;
  }
}

const linesOf = (text: string | undefined): string[] => (text === undefined ? [] : text.split('\n'));

/**
 * A text as a redline, line by line and, within a changed line, word by word. Joining the UNCHANGED and REMOVED
 * segments of the lines that have a `fromLine`, lines joined by `\n`, gives `before` back exactly; UNCHANGED and
 * ADDED segments of the lines with a `toLine` give `after`. An absent text has no lines.
 */
export function diffText(field: string, before: string | undefined, after: string | undefined): TextDiff {
  const [old, current] = [linesOf(before), linesOf(after)];
  const budget = { steps: budgetSteps };
  const maxEditLength = Math.min(maxLineEdits, Math.floor(lineSteps / Math.max(1, old.length + current.length)));
  const parts = diffArrays(old, current, { maxEditLength }) ?? [
    { value: old, added: false, removed: true, count: old.length },
    { value: current, added: true, removed: false, count: current.length },
  ];
  const lines = new Lines();
  let [from, to] = [1, 1];
  let removed: string[] = [];
  for (const part of parts) {
    if (part.removed) {
      removed = part.value;
      continue;
    }
    const added = part.added ? part.value : [];
    replacedBlock(lines, removed, added, from, to, budget);
    from += removed.length;
    to += added.length;
    if (!part.added) {
      part.value.forEach((text, i) => lines.push({ kind: 'UNCHANGED', fromLine: from + i, toLine: to + i, segments: whole('UNCHANGED', text) }));
      from += part.value.length;
      to += part.value.length;
    }
    removed = [];
  }
  replacedBlock(lines, removed, [], from, to, budget);
  return { field, unchanged: before === after, lines: lines.shown, omittedLines: lines.omitted };
}

const textOf = (line: RedlineLine, kind: DiffKind) =>
  line.segments
    .filter((segment) => segment.kind === 'UNCHANGED' || segment.kind === kind)
    .map((segment) => segment.text)
    .join('');

/** The line diff clients read before the redline: a changed line is its old line removed and its new one added. */
const lineDiff = ({ lines }: TextDiff): Segment[] =>
  lines.flatMap((line) =>
    line.kind === 'CHANGED'
      ? [
          { kind: 'REMOVED' as const, text: textOf(line, 'REMOVED') },
          { kind: 'ADDED' as const, text: textOf(line, 'ADDED') },
        ]
      : [{ kind: line.kind, text: line.segments[0]?.text ?? '' }],
  );

/**
 * What a reviewer reads instead of the whole document: every text field as a redline (`redline`, word by word
 * within a line, see {@link diffText}), which fields changed at all, and — for the clients that read them
 * before — the line diff of the body and the other changed fields with both values.
 */
export function diffDocuments(from: DocumentContent, to: DocumentContent): DocumentDiff {
  const compared = documentFields.map(({ field, text, of }) => ({ field, text, before: of(from), after: of(to) }));
  const redline = compared.filter((c) => c.text && (c.before !== undefined || c.after !== undefined)).map((c) => diffText(c.field, c.before, c.after));
  const changed = compared.filter((c) => c.before !== c.after);
  return {
    fields: changed.filter((c) => c.field !== 'body').map(({ field, before, after }) => ({ field, before: before ?? null, after: after ?? null })),
    body: lineDiff(redline.find((diff) => diff.field === 'body')!),
    redline,
    changedFields: changed.map((c) => c.field),
    textUnchanged: redline.every((diff) => diff.unchanged),
  };
}
