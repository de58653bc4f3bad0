import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, sampleDocument } from '../support/cases.js';
import { succeeded } from '../support/graphql.js';
import { Project, daysFromNow, ok, samplePlan } from '../support/projects.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

interface Segment {
  kind: 'ADDED' | 'REMOVED' | 'UNCHANGED';
  text: string;
}
interface TextDiff {
  field: string;
  unchanged: boolean;
  lines: { kind: string; fromLine: number | null; toLine: number | null; segments: Segment[] }[];
}
interface DocumentDiff {
  from: { content: { title: string; body: string } };
  to: { content: { title: string; body: string } };
  fields: { field: string; before: string | null; after: string | null }[];
  body: Segment[];
  redline: TextDiff[];
  changedFields: string[];
  textUnchanged: boolean;
}

const DIFF = `query($id: ID!, $from: Int!, $to: Int!) { documentDiff(caseId: $id, from: $from, to: $to) {
  from { content { title body } } to { content { title body } }
  fields { field before after } body { kind text }
  redline { field unchanged lines { kind fromLine toLine segments { kind text } } }
  changedFields textUnchanged
} }`;
const EDIT = 'mutation($i: EditDocumentInput!) { editDocument(input: $i) { currentVersion { number } } }';

/** One version's text as the redline gives it back: the UNCHANGED segments and those of `kind`, line by line. */
const side = ({ lines }: TextDiff, kind: 'REMOVED' | 'ADDED') =>
  lines
    .filter((line) => (kind === 'REMOVED' ? line.fromLine : line.toLine) !== null)
    .map((line) =>
      line.segments
        .filter((s) => s.kind === 'UNCHANGED' || s.kind === kind)
        .map((s) => s.text)
        .join(''),
    )
    .join('\n');

// 95 characters; the second version adds 并公开 and makes 定期 每半年.
const paragraph =
  '为推动成渝地区双城经济圈建设，两地共建跨区域数据交换中心，统一数据流通标准，建立数据安全联合监管机制，定期评估数据共享成效，并于每年第一季度向社会公开上一年度的数据共享工作报告及典型案例等。';
const edited = paragraph.replace('统一数据', '统一并公开数据').replace('定期评估', '每半年评估');

describe('documentDiff as a redline', () => {
  let server: RunningServer;
  let actors: Actors;

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('docdiff')));
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  const diff = async (id: string, from: number, to: number) =>
    succeeded(await actors.query<{ documentDiff: DocumentDiff }>('cq.reviewer', DIFF, { id, from, to })).documentDiff;
  const edit = async (id: string, baseVersion: number, document: Record<string, unknown>) =>
    succeeded(
      await actors.query<{ editDocument: { currentVersion: { number: number } } }>('cq.drafter', EDIT, {
        i: { caseId: id, baseVersion, document: { ...sampleDocument(), ...document }, changeNote: '修改' },
      }),
    );

  it('marks only the edited words of an edited paragraph, and still gives current clients the line diff', async () => {
    expect([...paragraph]).toHaveLength(95);
    const { id } = await actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body: `# 总则\n\n${paragraph}\n二、附则。` } });
    await edit(id, 1, { body: `# 总则\n\n${edited}\n二、附则。` });
    const result = await diff(id, 1, 2);
    const body = result.redline.find((d) => d.field === 'body')!;
    expect(body.lines.filter((line) => line.kind !== 'UNCHANGED')).toEqual([
      {
        kind: 'CHANGED',
        fromLine: 3,
        toLine: 3,
        segments: [
          { kind: 'UNCHANGED', text: '为推动成渝地区双城经济圈建设，两地共建跨区域数据交换中心，统一' },
          { kind: 'ADDED', text: '并公开' },
          { kind: 'UNCHANGED', text: '数据流通标准，建立数据安全联合监管机制，' },
          { kind: 'REMOVED', text: '定期' },
          { kind: 'ADDED', text: '每半年' },
          { kind: 'UNCHANGED', text: '评估数据共享成效，并于每年第一季度向社会公开上一年度的数据共享工作报告及典型案例等。' },
        ],
      },
    ]);
    expect(body.lines.map((line) => line.kind)).toEqual(['UNCHANGED', 'UNCHANGED', 'CHANGED', 'UNCHANGED']);
    expect(result.body.filter((line) => line.kind !== 'UNCHANGED')).toEqual([
      { kind: 'REMOVED', text: paragraph },
      { kind: 'ADDED', text: edited },
    ]);
    expect(result.changedFields).toEqual(['body']);
    expect(result.fields).toEqual([]);
    expect(result.textUnchanged).toBe(false);
    expect(result.redline.map((d) => [d.field, d.unchanged])).toEqual([
      ['title', true],
      ['titleEn', true],
      ['summary', true],
      ['body', false],
    ]);
  });

  it('keeps characters outside the BMP whole, in the body and in the title', async () => {
    const title = '𠮷野家与𩸽料理的数据共享政策';
    const { id } = await actors.createProposal('cq.drafter', { document: { ...sampleDocument(), title, body: '𠮷𠮷𠮷 共享 👨‍👩‍👧 数据\n𩸽' } });
    await edit(id, 1, { title: '𠮷野屋与𩸽料理的数据共享政策', body: '𠮷𠮷𠮷𠮷 流通 👨‍👩‍👦 数据\n𩸽𩸽' });
    const result = await diff(id, 1, 2);
    for (const field of ['title', 'body']) {
      const text = result.redline.find((d) => d.field === field)!;
      expect(side(text, 'REMOVED')).toBe(field === 'title' ? result.from.content.title : result.from.content.body);
      expect(side(text, 'ADDED')).toBe(field === 'title' ? result.to.content.title : result.to.content.body);
      for (const segment of text.lines.flatMap((line) => line.segments)) {
        expect(segment.text, JSON.stringify(segment)).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
    expect(result.redline.find((d) => d.field === 'title')!.lines[0]!.segments).toEqual([
      { kind: 'UNCHANGED', text: '𠮷' },
      { kind: 'REMOVED', text: '野家' },
      { kind: 'ADDED', text: '野屋' },
      { kind: 'UNCHANGED', text: '与𩸽料理的数据共享政策' },
    ]);
    expect(result.changedFields).toEqual(['title', 'body']);
  });

  it('gives both versions back exactly from the segments, for arbitrary pairs of texts', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    let version = 1;
    const words = ['成渝', '数据', '共享', '的', '𠮷', '👨‍👩‍👧', 'e\u0301', 'data', ' ', '\t', '，', '。', '、', '1,000'];
    const line = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((parts) => `第${parts.join('')}`);
    const text = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n')),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((s) => `条${s}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.tuple(text, text, line, line), async ([before, after, titleBefore, titleAfter]) => {
        // Text the input rules accept: NFC, no controls but line breaks and tabs, a title without format characters.
        const valid = (s: string) => s.normalize('NFC').replace(/[\p{Cc}]/gu, (c) => (c === '\n' || c === '\t' ? c : ' '));
        const title = (s: string) => valid(s).replace(/[\s\p{Cf}]/gu, ' ');
        await edit(id, version, { title: title(titleBefore), body: valid(before) });
        await edit(id, version + 1, { title: title(titleAfter), body: valid(after) });
        version += 2;
        const result = await diff(id, version - 1, version);
        const body = result.redline.find((d) => d.field === 'body')!;
        const titleDiff = result.redline.find((d) => d.field === 'title')!;
        expect(side(body, 'REMOVED')).toBe(result.from.content.body);
        expect(side(body, 'ADDED')).toBe(result.to.content.body);
        expect(side(titleDiff, 'REMOVED')).toBe(result.from.content.title);
        expect(side(titleDiff, 'ADDED')).toBe(result.to.content.title);
        expect(body.unchanged).toBe(result.from.content.body === result.to.content.body);
      }),
      { numRuns: 25 },
    );
  });

  it('says there is no text change when only other fields changed', async () => {
    const { id } = await actors.createProposal('cq.drafter');
    await edit(id, 1, { policyAreas: ['BIG_DATA', 'PUBLIC_SERVICES'] });
    const result = await diff(id, 1, 2);
    expect(result).toMatchObject({
      textUnchanged: true,
      changedFields: ['policyAreas'],
      fields: [{ field: 'policyAreas', before: 'BIG_DATA, DATA_CIRCULATION', after: 'BIG_DATA, PUBLIC_SERVICES' }],
    });
    expect(result.redline.every((d) => d.unchanged && d.lines.every((line) => line.kind === 'UNCHANGED'))).toBe(true);
    expect(await diff(id, 2, 2)).toMatchObject({ textUnchanged: true, changedFields: [], fields: [] });
  });

  it('diffs a project’s goals and milestones the same way, and names a budget-only change', async () => {
    const project = await Project.open(actors);
    const plan = samplePlan();
    ok(await project.revise('cq.drafter', 1, { ...plan, initiatorBudget: '1500' }));
    const budget = succeeded(await actors.query<{ documentDiff: DocumentDiff }>('cq.reviewer', DIFF, { id: project.id, from: 1, to: 2 })).documentDiff;
    expect(budget).toMatchObject({ textUnchanged: true, changedFields: ['budget'] });
    const goals = ['建成成渝数据交换中心并接入两地平台', plan.goals[1]!];
    const milestones = [plan.milestones[0]!, { ...plan.milestones[1]!, dueDate: daysFromNow(150) }];
    ok(await project.revise('cq.drafter', 2, { ...plan, initiatorBudget: '1500', goals, milestones }));
    const result = succeeded(await actors.query<{ documentDiff: DocumentDiff }>('cq.reviewer', DIFF, { id: project.id, from: 2, to: 3 })).documentDiff;
    expect(result.changedFields).toEqual(['goals', 'milestones']);
    const redline = (field: string) => result.redline.find((d) => d.field === field)!;
    expect(redline('goals').lines.map((line) => [line.kind, line.segments.filter((s) => s.kind !== 'UNCHANGED').map((s) => `${s.kind} ${s.text}`)])).toEqual([
      ['CHANGED', ['ADDED 并接入两地平台']],
      ['UNCHANGED', []],
    ]);
    const [first, second] = redline('milestones').lines;
    expect(first!.kind).toBe('UNCHANGED');
    expect(second!.kind).toBe('CHANGED');
    expect(second!.segments.filter((s) => s.kind !== 'UNCHANGED').every((s) => /^[0-9-]+$/.test(s.text))).toBe(true);
    expect(second!.segments.find((s) => s.kind === 'UNCHANGED')!.text).toContain('成都平台接入');
  });
});
