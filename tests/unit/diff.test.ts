import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffText, type RedlineLine, type TextDiff } from '../../src/cases/diff.js';

/** The text a redline gives back for one version: its lines' UNCHANGED segments and those of `kind`. */
function side({ lines }: TextDiff, kind: 'REMOVED' | 'ADDED'): string {
  const number = kind === 'REMOVED' ? 'fromLine' : 'toLine';
  return lines
    .filter((line) => line[number] !== null)
    .map((line) =>
      line.segments
        .filter((s) => s.kind === 'UNCHANGED' || s.kind === kind)
        .map((s) => s.text)
        .join(''),
    )
    .join('\n');
}

/** What every redline must be, besides giving both texts back. */
function wellFormed(diff: TextDiff): void {
  const count = (key: 'fromLine' | 'toLine') => diff.lines.flatMap((line) => (line[key] === null ? [] : [line[key]]));
  for (const key of ['fromLine', 'toLine'] as const) expect(count(key)).toEqual(count(key).map((_, i) => i + 1));
  const kinds = (line: RedlineLine) => new Set(line.segments.map((s) => s.kind));
  for (const line of diff.lines) {
    if (line.kind === 'CHANGED') {
      expect([...kinds(line)].some((kind) => kind !== 'UNCHANGED')).toBe(true);
      expect(line.segments.every((s) => s.text !== '')).toBe(true);
    } else {
      expect(line.segments).toHaveLength(1);
      expect(line.segments[0]!.kind).toBe(line.kind);
    }
    for (const { text } of line.segments) {
      // A segment never starts or ends inside a surrogate pair.
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(text)).toBe(false);
    }
  }
  expect(diff.unchanged).toBe(diff.lines.every((line) => line.kind === 'UNCHANGED'));
}

// Texts that share words, so that pairs overlap the way two versions of a document do.
const word = fc.constantFrom(
  '成渝',
  '数据',
  '共享',
  '流通',
  '标准',
  '的',
  '𠮷',
  '𩸽',
  '👨‍👩‍👧',
  'e\u0301',
  'data',
  ' ',
  '，',
  '。',
  '、',
  '\n',
  '\n',
  '1,000',
  '3.14',
);
const prose = fc.array(word, { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const edit = (text: string) =>
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), prose), { maxLength: 4 }).map((edits) =>
    edits.reduce((current, [at, cut, insert]) => {
      const points = [...current];
      const start = points.length === 0 ? 0 : at % (points.length + 1);
      return [...points.slice(0, start), insert, ...points.slice(start + cut)].join('');
    }, text),
  );
const pairs = fc.oneof(
  fc.tuple(anyText, anyText),
  fc.tuple(prose, prose),
  prose.chain((text) => fc.tuple(fc.constant(text), edit(text))),
);

describe('diffText', () => {
  it('gives both texts back exactly, for any pair of texts', () => {
    fc.assert(
      fc.property(pairs, ([before, after]) => {
        const diff = diffText('body', before, after);
        expect(side(diff, 'REMOVED')).toBe(before);
        expect(side(diff, 'ADDED')).toBe(after);
        wellFormed(diff);
      }),
      { numRuns: 2000 },
    );
  });

  it('marks only the edited words of an edited line, and keeps characters outside the BMP whole', () => {
    const diff = diffText('body', '𠮷野家的数据共享标准', '𠮷野屋的数据流通标准');
    expect(diff.lines).toEqual([
      {
        kind: 'CHANGED',
        fromLine: 1,
        toLine: 1,
        segments: [
          { kind: 'UNCHANGED', text: '𠮷' },
          { kind: 'REMOVED', text: '野家' },
          { kind: 'ADDED', text: '野屋' },
          { kind: 'UNCHANGED', text: '的数据' },
          { kind: 'REMOVED', text: '共享' },
          { kind: 'ADDED', text: '流通' },
          { kind: 'UNCHANGED', text: '标准' },
        ],
      },
    ]);
  });

  it('keeps a line that is not an edit of another whole, and an absent text has no lines', () => {
    expect(diffText('body', '一、共建数据交换中心。', '四、设立联合工作专班。').lines.map((l) => l.kind)).toEqual(['REMOVED', 'ADDED']);
    expect(diffText('titleEn', undefined, 'Joint policy')).toEqual({
      field: 'titleEn',
      unchanged: false,
      lines: [{ kind: 'ADDED', fromLine: null, toLine: 1, segments: [{ kind: 'ADDED', text: 'Joint policy' }] }],
      omittedLines: 0,
    });
    expect(diffText('titleEn', undefined, undefined)).toEqual({ field: 'titleEn', unchanged: true, lines: [], omittedLines: 0 });
  });

  it('shows the beginning of a long text rewritten throughout, and counts the lines it leaves out', () => {
    const lines = (prefix: string) => Array.from({ length: 40_000 }, (_, i) => `${prefix}${i}`).join('\n');
    const diff = diffText('body', lines('x'), lines('y'));
    expect(diff.lines).toHaveLength(2000);
    expect(diff.lines.length + diff.omittedLines).toBe(80_000);
    wellFormed(diff);
  });

  it('stays exact where it gives up early: thousands of lines changed, and lines too alike to tell apart', () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `第${i}条：推动成渝地区数据共享与流通。`);
    const everyLine = diffText('body', lines.join('\n'), lines.map((line) => line.replace('推动', '促进')).join('\n'));
    // Word by word while the work allows (about a tenth of a second), whole lines after.
    const changed = everyLine.lines.filter((line) => line.kind === 'CHANGED').length;
    expect(changed).toBeGreaterThan(500);
    expect(everyLine.lines.slice(0, changed).every((line) => line.kind === 'CHANGED')).toBe(true);
    expect(everyLine.omittedLines).toBe(0);
    // Texts whose redline fits in the lines shown (each under 1,000 lines).
    const some = lines.slice(0, 900);
    const shuffled = (seed: number) =>
      some.map((_, i) =>
        [...'成渝地区双城经济圈数据共享'].sort((a, b) => ((a.charCodeAt(0) * (i + seed)) % 7) - ((b.charCodeAt(0) * (i + seed)) % 7)).join(''),
      );
    for (const [before, after] of [
      [some.join('\n'), some.map(() => 'x').join('\n')],
      [shuffled(1).join('\n'), shuffled(2).join('\n')],
      [lines.join(''), lines.join('').replace('第10条', '第十条')],
    ] as const) {
      const diff = diffText('body', before, after);
      expect(diff.omittedLines).toBe(0);
      expect(side(diff, 'REMOVED')).toBe(before);
      expect(side(diff, 'ADDED')).toBe(after);
      wellFormed(diff);
    }
  });
});
