import { readFileSync } from 'node:fs';
import { caseTypeLabel } from '../../../workflows/registry.js';
import { policyAreaName, policyAreaNames, type PolicyArea } from '../../../workflows/policy-areas.js';
import { str, type Command, type Values } from '../command.js';
import type { Context } from '../context.js';
import { CliError, exitCodes, usage } from '../io.js';

interface CaseView {
  id: string;
  type: string;
  title: string;
  state: string;
  historyLength: number;
  availableActions: string[];
  awaitedActions: string[];
  deadlines: { kind: string; dueAt: string }[];
  initiator: { region: string; agency: { id: string; name: string } };
  counterpart: { region: string; agency: { id: string; name: string } };
  currentVersion: { number: number; contentHash: string; createdAt: string; authorName: string; content: { title: string; summary: string; body: string } };
  signatures: { signerName: string; action: string; versionNumber: number; algorithm: string; current: boolean; signedAt: string }[];
  /** Amounts as the server shows them ("1200.00"), in 万元. */
  budget?: { region: string; amount: string; leadAgency: { id: string } }[];
  milestones?: { id: string; title: string; region: string; status: string; dueDate: string; overdue: boolean }[];
  inspections?: { id: string; region: string; status: string; findings: string }[];
}

const CORE = `id type title state historyLength availableActions awaitedActions deadlines { kind dueAt }
  initiator { region agency { id name } } counterpart { region agency { id name } }
  currentVersion { number contentHash createdAt authorName content { title summary body } }
  signatures { signerName action versionNumber algorithm current signedAt }`;
/** A case of any type (the project's own fields spread where the result may be one). */
const CASE = `{ ${CORE} ... on JointProject { budget { region amount leadAgency { id } } milestones { id title region status dueDate overdue } inspections { id region status findings } } }`;

const caseArgument = (id: string | undefined): string => {
  if (id === undefined || !/^[0-9a-f-]{36}$/.test(id)) throw usage('请给出案件编号', 'Give a case id');
  return id;
};

export const readJson = (file: string | undefined, what: string): Record<string, unknown> => {
  if (file === undefined) throw usage(`请用 --${what} 给出 JSON 文件`, `Give a JSON file with --${what}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw usage(`无法读取 ${file}：${(error as Error).message}`, `Cannot read ${file}: ${(error as Error).message}`);
  }
};

function printCase(ctx: Context, view: CaseView): void {
  const { out } = ctx;
  out.line(`${out.paint('bold', `《${view.title}》`)}  ${caseTypeLabel(view.type, out.language)}  ${out.t('状态', 'state')} ${out.paint('green', view.state)}`);
  out.line(`${out.t('案件', 'case')} ${view.id}  ${out.t('历史', 'history')} ${view.historyLength}`);
  out.line(
    `${out.t('发起方', 'initiator')} ${view.initiator.agency.name} (${view.initiator.region})  ${out.t('对方', 'counterpart')} ${view.counterpart.agency.name} (${view.counterpart.region})`,
  );
  const version = view.currentVersion;
  out.line(`${out.t('文本', 'document')} v${version.number}  ${version.contentHash}  ${version.authorName} ${version.createdAt}`);
  out.line(`  ${version.content.summary}`);
  for (const b of view.budget ?? []) out.line(`${out.t('预算', 'budget')} ${b.region} ${b.amount} 万元 (${b.leadAgency.id})`);
  for (const deadline of view.deadlines) out.line(`${out.t('期限', 'deadline')} ${deadline.kind} ${deadline.dueAt}`);
  for (const m of view.milestones ?? [])
    out.line(
      `${out.t('里程碑', 'milestone')} ${m.id} ${m.title} (${m.region}) ${m.status} ${m.dueDate}${m.overdue ? ` ${out.paint('red', out.t('逾期', 'OVERDUE'))}` : ''}`,
    );
  for (const i of view.inspections ?? []) out.line(`${out.t('督查', 'inspection')} ${i.id} (${i.region}) ${i.status}: ${i.findings}`);
  for (const s of view.signatures)
    out.line(
      `${out.t('签名', 'signature')} ${s.action} v${s.versionNumber} ${s.signerName} ${s.algorithm} ${s.signedAt}${s.current ? '' : out.t('（已失效）', ' (void)')}`,
    );
  out.line(`${out.t('您可执行', 'you may')}: ${view.availableActions.length === 0 ? '—' : view.availableActions.join(', ')}`);
}

function showResult(ctx: Context, mutation: string, result: Record<string, CaseView>): void {
  const view = result[mutation]!;
  if (ctx.out.json) return ctx.out.data(view);
  ctx.out.line(`${mutation} → ${ctx.out.paint('green', view.state)}  (${view.id}, ${ctx.out.t('历史', 'history')} ${view.historyLength})`);
}

type TextField = { name: string; flag: string; label: { zh: string; en: string }; required: boolean };
const comment = (required: boolean): TextField => ({ name: 'comment', flag: 'comment', label: { zh: '意见', en: 'Comment' }, required });
const reason = (required: boolean): TextField => ({ name: 'reason', flag: 'reason', label: { zh: '理由', en: 'Reason' }, required });
const field = (name: string, zh: string, en: string, flag = name): TextField => ({ name, flag, label: { zh, en }, required: true });

export interface Action {
  mutation: string;
  input: string;
  summary: { zh: string; en: string };
  texts: TextField[];
  /** Fields given as options, passed as they are (an id, a topic, a side). */
  ids?: TextField[];
  numbers?: string[];
}

const plain = (mutation: string, zh: string, en: string, ...texts: TextField[]): Action => ({ mutation, input: 'CaseActionInput', summary: { zh, en }, texts });

/** Every user action of the three workflows, one subcommand each. */
export const actions: Record<string, Action> = {
  submit: plain('submitForInternalReview', '提交内部审核', 'submit for internal review', comment(false)),
  approve: plain('approveInternally', '内部审核通过', 'approve internally', comment(false)),
  return: plain('returnToDrafter', '退回起草人', 'return to the drafter', comment(true)),
  'request-changes': plain('requestChanges', '要求修改', 'request changes', comment(true)),
  accept: plain('acceptProposal', '接受提案', 'accept the proposal', comment(false)),
  reject: plain('rejectProposal', '拒绝提案', 'reject the proposal', reason(true)),
  resubmit: plain('resubmitProposal', '修改后重新提交', 'resubmit after changes', comment(false)),
  'decline-to-sign': plain('declineToSign', '拒绝签署', 'decline to sign', reason(true)),
  withdraw: plain('withdrawCase', '撤回案件', 'withdraw the case', reason(false)),
  escalate: plain('escalateCase', '提交联合办公室', 'escalate to the joint office', reason(true)),
  arbitrate: {
    mutation: 'arbitrate',
    input: 'ArbitrateInput',
    summary: { zh: '联合办公室裁决', en: 'arbitrate (joint office)' },
    texts: [comment(true)],
    ids: [field('resolution', '裁决结果（RETURN_TO_REVIEW、PROCEED_TO_SIGNING 或 REJECT）', 'Resolution (RETURN_TO_REVIEW, PROCEED_TO_SIGNING or REJECT)')],
  },
  'submit-section': plain('submitSection', '提交本方规划部分', 'submit your city’s section'),
  'add-item': {
    mutation: 'addPlanItem',
    input: 'AddPlanItemInput',
    summary: { zh: '添加规划事项', en: 'add a plan item' },
    texts: [field('target', '目标', 'Target'), field('indicator', '指标', 'Indicator')],
    ids: [
      field('topic', '议题', 'Topic'),
      field('deadline', '期限（YYYY-MM-DD）', 'Deadline (YYYY-MM-DD)'),
      field('ownerAgencyId', '牵头机构', 'Owner agency', 'owner'),
    ],
  },
  'remove-item': {
    mutation: 'removePlanItem',
    input: 'RemovePlanItemInput',
    summary: { zh: '删除规划事项', en: 'remove a plan item' },
    texts: [],
    ids: [field('itemId', '事项编号', 'Item id', 'item')],
  },
  propose: {
    mutation: 'proposeResolution',
    input: 'TopicActionInput',
    summary: { zh: '提出对接方案', en: 'propose a resolution' },
    texts: [field('text', '方案', 'Proposal')],
    ids: [field('topic', '议题', 'Topic')],
  },
  'accept-resolution': {
    mutation: 'acceptResolution',
    input: 'TopicActionInput',
    summary: { zh: '接受对方方案', en: 'accept the other side’s proposal' },
    texts: [],
    ids: [field('topic', '议题', 'Topic')],
  },
  'counter-propose': {
    mutation: 'counterPropose',
    input: 'TopicActionInput',
    summary: { zh: '提出对案', en: 'counter-propose' },
    texts: [field('text', '对案', 'Counter-proposal')],
    ids: [field('topic', '议题', 'Topic')],
  },
  'arbitrate-item': {
    mutation: 'arbitratePlanItem',
    input: 'TopicActionInput',
    summary: { zh: '裁决规划事项', en: 'arbitrate a plan item' },
    texts: [field('text', '裁决', 'Ruling')],
    ids: [field('topic', '议题', 'Topic')],
  },
  abandon: plain('abandonAlignment', '放弃规划对接', 'abandon the alignment', reason(true)),
  'submit-project': plain('submitJointProject', '提交可行性审查', 'submit for feasibility', comment(false)),
  endorse: plain('endorseFeasibility', '认可可行性', 'endorse feasibility', comment(false)),
  'raise-concern': plain('raiseConcern', '提出异议', 'raise a concern', comment(true)),
  'report-milestone': {
    mutation: 'reportMilestone',
    input: 'ReportMilestoneInput',
    summary: { zh: '报告里程碑完成', en: 'report a milestone' },
    texts: [field('evidence', '完成证明', 'Evidence')],
    ids: [field('milestoneId', '里程碑', 'Milestone', 'milestone')],
  },
  'verify-milestone': {
    mutation: 'verifyMilestone',
    input: 'MilestoneReviewInput',
    summary: { zh: '核验里程碑', en: 'verify a milestone' },
    texts: [comment(false)],
    ids: [field('milestoneId', '里程碑', 'Milestone', 'milestone')],
  },
  'reject-milestone': {
    mutation: 'rejectMilestone',
    input: 'MilestoneReviewInput',
    summary: { zh: '退回里程碑报告', en: 'reject a milestone report' },
    texts: [comment(true)],
    ids: [field('milestoneId', '里程碑', 'Milestone', 'milestone')],
  },
  'open-inspection': {
    mutation: 'openInspection',
    input: 'OpenInspectionInput',
    summary: { zh: '开展专项督查', en: 'open an inspection' },
    texts: [field('findings', '督查发现', 'Findings')],
    ids: [field('side', '整改方（INITIATOR 或 COUNTERPART）', 'Side to rectify (INITIATOR or COUNTERPART)')],
    numbers: ['rectificationWorkingDays'],
  },
  rectify: {
    mutation: 'reportRectification',
    input: 'InspectionActionInput',
    summary: { zh: '报告整改', en: 'report the rectification' },
    texts: [field('report', '整改报告', 'Rectification report')],
    ids: [field('inspectionId', '督查', 'Inspection', 'inspection')],
  },
  'request-rectification': {
    mutation: 'requestFurtherRectification',
    input: 'InspectionActionInput',
    summary: { zh: '要求继续整改', en: 'ask for further rectification' },
    texts: [comment(true)],
    ids: [field('inspectionId', '督查', 'Inspection', 'inspection')],
  },
  'close-inspection': {
    mutation: 'closeInspection',
    input: 'InspectionActionInput',
    summary: { zh: '结束督查', en: 'close the inspection' },
    texts: [comment(false)],
    ids: [field('inspectionId', '督查', 'Inspection', 'inspection')],
  },
  suspend: plain('suspendProject', '申请暂停项目', 'ask to suspend the project', reason(true)),
  resume: plain('resumeProject', '申请恢复项目', 'ask to resume the project', reason(true)),
  'request-termination': plain('requestTermination', '申请终止项目', 'ask to terminate the project', reason(true)),
  'decline-termination': plain('declineTermination', '不同意终止', 'decline the termination', reason(true)),
  migrate: {
    mutation: 'migrateCase',
    input: 'MigrateCaseInput',
    summary: { zh: '将案件迁移到新版流程（联合办公室）', en: 'move the case onto a newer workflow version (joint office)' },
    texts: [comment(true)],
    ids: [field('toWorkflow', '新版流程（类型@版本）', 'Newer workflow (type@version)', 'to')],
  },
};

const flagOf = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function actionCommand(name: string, action: Action): Command {
  const options: Command['options'] = { 'expected-version': { type: 'string' }, 'idempotency-key': { type: 'string' } };
  for (const f of [...action.texts, ...(action.ids ?? [])]) options[f.flag] = { type: 'string' };
  for (const n of action.numbers ?? []) options[flagOf(n)] = { type: 'string' };
  const optional = action.texts.filter((f) => !f.required).map((f) => `[--${f.flag} TEXT]`);
  const required = [...(action.ids ?? []), ...action.texts.filter((f) => f.required)].map((f) => `--${f.flag} …`);
  return {
    summary: action.summary,
    usage: [name, 'CASE', ...required, ...optional].join(' '),
    options,
    async run(ctx, values, [id]) {
      const input: Record<string, unknown> = { caseId: caseArgument(id) };
      for (const f of [...(action.ids ?? []), ...action.texts]) {
        const value = await ctx.text(str(values, f.flag), f.label, f.required);
        if (value !== undefined) input[f.name] = value;
      }
      for (const n of action.numbers ?? []) if (str(values, flagOf(n)) !== undefined) input[n] = Number(str(values, flagOf(n)));
      if (str(values, 'expected-version') !== undefined) input.expectedVersion = Number(str(values, 'expected-version'));
      if (str(values, 'idempotency-key') !== undefined) input.idempotencyKey = str(values, 'idempotency-key');
      showResult(ctx, action.mutation, await ctx.call(`mutation($i: ${action.input}!) { ${action.mutation}(input: $i) ${CASE} }`, { i: input }));
    },
  };
}

async function createCase(ctx: Context, values: Values, mutation: string, inputType: string, extra: Record<string, unknown>): Promise<void> {
  const counterpartAgencyId = str(values, 'counterpart');
  if (counterpartAgencyId === undefined) throw usage('请用 --counterpart 给出对方机构', 'Give the counterpart agency with --counterpart');
  const input = { counterpartAgencyId, document: readJson(str(values, 'document'), 'document'), ...extra };
  showResult(ctx, mutation, await ctx.call(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${CORE} } }`, { i: input }));
}

const createOptions = { counterpart: { type: 'string' }, document: { type: 'string' } } as const;

export const caseCommands: Record<string, Command> = {
  inbox: {
    summary: { zh: '等待您处理的案件', en: 'cases waiting for you' },
    usage: 'inbox [--first N]',
    options: { first: { type: 'string', default: '50' } },
    async run(ctx, values) {
      const { inbox } = await ctx.call<{ inbox: { edges: { node: CaseView }[] } }>(`query($n: Int) { inbox(first: $n) { edges { node ${CASE} } } }`, {
        n: Number(str(values, 'first')),
      });
      const cases = inbox.edges.map((edge) => edge.node);
      if (ctx.out.json) return ctx.out.data(cases);
      if (cases.length === 0) return ctx.out.line(ctx.out.t('没有等待您处理的案件', 'Nothing is waiting for you'));
      ctx.out.table(
        [
          ctx.out.t('案件', 'case'),
          ctx.out.t('类型', 'type'),
          ctx.out.t('标题', 'title'),
          ctx.out.t('状态', 'state'),
          ctx.out.t('待您', 'awaiting you'),
          ctx.out.t('期限', 'deadline'),
        ],
        cases.map((c) => [
          c.id,
          caseTypeLabel(c.type, ctx.out.language),
          c.title,
          c.state,
          c.awaitedActions.join(','),
          c.deadlines.map((d) => d.dueAt.slice(0, 16)).sort()[0] ?? '—',
        ]),
      );
    },
  },
  show: {
    summary: { zh: '案件：文本、状态、签名、可执行操作', en: 'a case: document, state, signatures, what you may do' },
    usage: 'show CASE',
    options: {},
    async run(ctx, _, [id]) {
      const { case: view } = await ctx.call<{ case: CaseView }>(`query($id: ID!) { case(id: $id) ${CASE} }`, { id: caseArgument(id) });
      if (ctx.out.json) return ctx.out.data(view);
      printCase(ctx, view);
    },
  },
  diff: {
    summary: { zh: '两个版本的差异（默认：上一版与当前版）', en: 'what changed between two versions (default: previous and current)' },
    usage: 'diff CASE [FROM TO]',
    options: {},
    async run(ctx, _, [id, from, to]) {
      const caseId = caseArgument(id);
      let [a, b] = [Number(from), Number(to)];
      if (from === undefined) {
        const { case: view } = await ctx.call<{ case: { currentVersion: { number: number } } }>(
          'query($id: ID!) { case(id: $id) { currentVersion { number } } }',
          { id: caseId },
        );
        [a, b] = [Math.max(1, view.currentVersion.number - 1), view.currentVersion.number];
      } else if (!Number.isInteger(a) || !Number.isInteger(b)) throw usage('版本号须为整数', 'Versions are whole numbers');
      const { documentDiff } = await ctx.call<{
        documentDiff: { fields: { field: string; before: string | null; after: string | null }[]; body: { kind: string; text: string }[] };
      }>('query($id: ID!, $a: Int!, $b: Int!) { documentDiff(caseId: $id, from: $a, to: $b) { fields { field before after } body { kind text } } }', {
        id: caseId,
        a,
        b,
      });
      if (ctx.out.json) return ctx.out.data(documentDiff);
      ctx.out.line(ctx.out.paint('bold', `v${a} → v${b}`));
      for (const change of documentDiff.fields) {
        ctx.out.line(`${change.field}:`);
        if (change.before !== null) ctx.out.line(ctx.out.paint('red', `- ${change.before}`));
        if (change.after !== null) ctx.out.line(ctx.out.paint('green', `+ ${change.after}`));
      }
      for (const line of documentDiff.body) {
        ctx.out.line(
          line.kind === 'ADDED'
            ? ctx.out.paint('green', `+ ${line.text}`)
            : line.kind === 'REMOVED'
              ? ctx.out.paint('red', `- ${line.text}`)
              : ctx.out.paint('dim', `  ${line.text}`),
        );
      }
    },
  },
  'create-proposal': {
    summary: { zh: '起草联合政策提案', en: 'draft a joint policy proposal' },
    usage: 'create-proposal --counterpart AGENCY --document FILE.json',
    options: createOptions,
    run: (ctx, values) => createCase(ctx, values, 'createProposal', 'CreateProposalInput', {}),
  },
  'create-alignment': {
    summary: { zh: '发起规划对接', en: 'open a plan alignment' },
    usage: 'create-alignment --counterpart AGENCY --document FILE.json',
    options: createOptions,
    run: (ctx, values) => createCase(ctx, values, 'createPlanAlignment', 'CreatePlanAlignmentInput', {}),
  },
  'create-project': {
    summary: { zh: '提出联合项目', en: 'propose a joint project' },
    usage: 'create-project --counterpart AGENCY --document FILE.json --plan PLAN.json',
    options: { ...createOptions, plan: { type: 'string' } },
    run: (ctx, values) => createCase(ctx, values, 'createJointProject', 'CreateJointProjectInput', { plan: readJson(str(values, 'plan'), 'plan') }),
  },
  edit: {
    summary: { zh: '修改文本，形成新版本（项目连同计划：--plan）', en: 'edit the document into a new version (a project with its plan: --plan)' },
    usage: 'edit CASE --document FILE.json --note TEXT [--plan PLAN.json]',
    options: { document: { type: 'string' }, note: { type: 'string' }, plan: { type: 'string' } },
    async run(ctx, values, [id]) {
      const caseId = caseArgument(id);
      const { case: view } = await ctx.call<{ case: { currentVersion: { number: number } } }>(
        'query($id: ID!) { case(id: $id) { currentVersion { number } } }',
        { id: caseId },
      );
      const changeNote = await ctx.text(str(values, 'note'), { zh: '修改说明', en: 'Change note' }, true);
      const input = { caseId, baseVersion: view.currentVersion.number, document: readJson(str(values, 'document'), 'document'), changeNote };
      const [mutation, inputType, extra] =
        str(values, 'plan') === undefined
          ? ['editDocument', 'EditDocumentInput', {}]
          : ['reviseJointProject', 'ReviseJointProjectInput', { plan: readJson(str(values, 'plan'), 'plan') }];
      showResult(ctx, mutation, await ctx.call(`mutation($i: ${inputType}!) { ${mutation}(input: $i) ${CASE} }`, { i: { ...input, ...extra } }));
    },
  },
  sign: {
    summary: { zh: '在本机签署：先显示所签内容并确认', en: 'sign here: shows exactly what is signed and asks to confirm' },
    usage: 'sign CASE --key KEY_ID [--action SIGN|SIGN_ACCEPTANCE|SIGN_TERMINATION] [--yes]',
    options: { key: { type: 'string' }, action: { type: 'string', default: 'SIGN' }, yes: { type: 'boolean', default: false } },
    async run(ctx, values, [id]) {
      const caseId = caseArgument(id);
      const sealed = ctx.sealedKey(str(values, 'key'));
      type Payload = {
        payload: string;
        title: string;
        versionNumber: number;
        contentHash: string;
        action: string;
        algorithm: string;
        agency: { name: string; region: string };
        policyAreas: string[];
      };
      const { signingPayload: p } = await ctx.call<{ signingPayload: Payload }>(
        'query($c: ID!, $a: String!, $k: ID!) { signingPayload(caseId: $c, action: $a, keyId: $k) { payload title versionNumber contentHash action algorithm agency { name region } policyAreas } }',
        { c: caseId, a: str(values, 'action'), k: sealed.id },
      );
      const shown = {
        case: caseId,
        title: p.title,
        version: p.versionNumber,
        contentHash: p.contentHash,
        action: p.action,
        agency: p.agency.name,
        key: sealed.id,
        algorithm: p.algorithm,
      };
      const areas = p.policyAreas
        .map((code) => (ctx.out.language === 'zh' ? policyAreaName(code) : (policyAreaNames[code as PolicyArea]?.en ?? code)))
        .join(ctx.out.t('、', ', '));
      process.stderr.write(
        [
          `${ctx.out.t('您将签署', 'You are about to sign')}:`,
          `  《${p.title}》 v${p.versionNumber}  ${ctx.out.t('政策领域', 'policy areas')}: ${areas}`,
          `  ${ctx.out.t('代表', 'for')} ${p.agency.name} (${p.agency.region})`,
          `  ${ctx.out.t('内容哈希', 'content hash')} ${p.contentHash}`,
          `  ${ctx.out.t('操作', 'action')} ${p.action}`,
          `  ${ctx.out.t('密钥', 'key')} ${sealed.id} (${p.algorithm})`,
          '',
        ].join('\n'),
      );
      if (values.yes !== true) {
        const answer = (await ctx.prompter.ask(ctx.out.t('确认签署？[y/N] ', 'Sign this? [y/N] ')))?.trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes' && answer !== '是') throw new CliError('CANCELLED', exitCodes.cancelled, { zh: '未签署', en: 'Not signed' });
      }
      const key = await ctx.unlock(sealed);
      const signature = key.sign(Buffer.from(p.payload, 'utf8'));
      const result = await ctx.call<Record<string, CaseView>>(`mutation($i: SignCaseInput!) { signCase(input: $i) ${CASE} }`, {
        i: { caseId, payload: p.payload, signature },
      });
      if (ctx.out.json) return ctx.out.data({ signed: shown, case: result.signCase });
      showResult(ctx, 'signCase', result);
    },
  },
  ...Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, actionCommand(name, action)])),
};
