import { countersignedBytes } from '../../crypto/checkpoint-format.js';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { checkpointKeyFrom, verifyBundleFile } from '../bundle.js';
import { str, type Command, type Values } from '../command.js';
import { CliError, exitCodes, usage } from '../io.js';
import { exportFormats, exportHistory, progressBar, type ExportFormat, type ExportedEntry } from '../export.js';

/** The history filters, as options: the same as the history query's. */
const filterOptions = {
  from: { type: 'string' },
  to: { type: 'string' },
  region: { type: 'string' },
  agency: { type: 'string' },
  actor: { type: 'string' },
  'case-type': { type: 'string' },
  'event-type': { type: 'string' },
  state: { type: 'string' },
  case: { type: 'string' },
} as const;

function filterOf(values: Values): Record<string, string> {
  const names: Record<keyof typeof filterOptions, string> = {
    from: 'from',
    to: 'to',
    region: 'region',
    agency: 'agencyId',
    actor: 'actor',
    'case-type': 'caseType',
    'event-type': 'eventType',
    state: 'state',
    case: 'caseId',
  };
  return Object.fromEntries(Object.entries(names).flatMap(([option, field]) => (str(values, option) === undefined ? [] : [[field, str(values, option)!]])));
}

interface CheckpointView {
  number: number;
  createdAt: string;
  treeSize: number;
  rootHash: string;
  statement: string;
  countersignatures: { signerName: string; agency: { id: string } }[];
}

const CHECKPOINT = '{ number createdAt treeSize rootHash statement countersignatures { signerName agency { id } } }';

function printCheckpoint(ctx: Parameters<Command['run']>[0], checkpoint: CheckpointView): void {
  if (ctx.out.json) return ctx.out.data(checkpoint);
  ctx.out.line(
    `#${checkpoint.number} ${checkpoint.createdAt} ${ctx.out.t(`案件 ${checkpoint.treeSize} 个`, `${checkpoint.treeSize} cases`)} root ${checkpoint.rootHash}`,
  );
  for (const c of checkpoint.countersignatures) ctx.out.line(`  ${ctx.out.t('副署', 'countersigned by')} ${c.signerName} (${c.agency.id})`);
}

export const auditCommands: Record<string, Command> = {
  history: {
    summary: { zh: '检索决策历史（审计、联合办公室可见全部）', en: 'search the decision history (auditors and the joint office see all)' },
    usage:
      'history [--from T] [--to T] [--region R] [--agency A] [--actor U] [--case-type T] [--event-type E] [--state S] [--case ID] [--first N] [--oldest-first]',
    options: { ...filterOptions, first: { type: 'string', default: '50' }, 'oldest-first': { type: 'boolean', default: false } },
    async run(ctx, values) {
      const { history } = await ctx.call<{ history: { edges: { node: ExportedEntry }[] } }>(
        `query($f: HistoryFilter, $o: HistoryOrder, $n: Int) { history(filter: $f, order: $o, first: $n) { edges { node {
          caseId caseType seq type fromState toState at actor { username agencyId region system } comment reason resolution subject text versionNumber signatureId workflow definitionHash prevHash hash } } } }`,
        { f: filterOf(values), o: values['oldest-first'] === true ? 'OLDEST_FIRST' : 'NEWEST_FIRST', n: Number(str(values, 'first')) },
      );
      const entries = history.edges.map((edge) => edge.node);
      if (ctx.out.json) return ctx.out.data(entries);
      ctx.out.table(
        [
          ctx.out.t('时间', 'at'),
          ctx.out.t('案件', 'case'),
          '#',
          ctx.out.t('事件', 'event'),
          ctx.out.t('状态', 'states'),
          ctx.out.t('操作人', 'actor'),
          ctx.out.t('说明', 'note'),
        ],
        entries.map((e) => [
          e.at.slice(0, 19),
          e.caseId.slice(0, 8),
          String(e.seq),
          e.type,
          `${e.fromState ?? '—'}→${e.toState}`,
          e.actor.system ? 'system' : `${e.actor.username ?? ''}@${e.actor.agencyId ?? ''}`,
          [e.subject, e.comment, e.reason, e.text].filter(Boolean).join(' ').slice(0, 40),
        ]),
      );
    },
  },
  verify: {
    summary: {
      zh: '服务器核验案件：哈希链、文本、签名、状态机重放、检查点',
      en: 'have the server verify a case: chain, documents, signatures, replay, checkpoints',
    },
    usage: 'verify CASE',
    options: {},
    async run(ctx, _, [id]) {
      if (id === undefined) throw usage('请给出案件编号', 'Give a case id');
      const { verifyCase } = await ctx.call<{
        verifyCase: {
          valid: boolean;
          entriesChecked: number;
          signaturesChecked: number;
          versionsChecked: number;
          problems: { kind: string; seq: number | null; message: string }[];
        };
      }>('query($id: ID!) { verifyCase(id: $id) { valid entriesChecked versionsChecked signaturesChecked problems { kind seq message } } }', { id });
      if (ctx.out.json) ctx.out.data(verifyCase);
      else {
        ctx.out.line(
          `${verifyCase.valid ? ctx.out.paint('green', ctx.out.t('有效', 'VALID')) : ctx.out.paint('red', ctx.out.t('无效', 'INVALID'))}: ${ctx.out.t(`核验历史 ${verifyCase.entriesChecked} 条、版本 ${verifyCase.versionsChecked} 个、签名 ${verifyCase.signaturesChecked} 个`, `${verifyCase.entriesChecked} entries, ${verifyCase.versionsChecked} versions, ${verifyCase.signaturesChecked} signatures checked`)}`,
        );
        for (const problem of verifyCase.problems) ctx.out.line(`  ${problem.kind}${problem.seq === null ? '' : ` [${problem.seq}]`}: ${problem.message}`);
      }
      if (!verifyCase.valid) process.exitCode = exitCodes.problems;
    },
  },
  bundle: {
    summary: {
      zh: '导出案件证据包（离线核验用），写到标准输出或 --out',
      en: 'export a case’s evidence bundle for offline checks, to standard output or --out',
    },
    usage: 'bundle CASE [--out FILE] [--key-out FILE]',
    options: { out: { type: 'string' }, 'key-out': { type: 'string' } },
    async run(ctx, values, [id]) {
      if (id === undefined) throw usage('请给出案件编号', 'Give a case id');
      const { evidenceBundle, checkpointKey } = await ctx.call<{ evidenceBundle: string; checkpointKey: { publicKey: string } }>(
        'query($id: ID!) { evidenceBundle(caseId: $id) checkpointKey { publicKey } }',
        { id },
      );
      const out = str(values, 'out');
      if (out === undefined) process.stdout.write(evidenceBundle.endsWith('\n') ? evidenceBundle : `${evidenceBundle}\n`);
      else writeFileSync(out, evidenceBundle);
      if (str(values, 'key-out') !== undefined) writeFileSync(str(values, 'key-out')!, `${checkpointKey.publicKey}\n`);
      process.stderr.write(ctx.out.t(`服务器检查点公钥：${checkpointKey.publicKey}\n`, `The server's checkpoint key: ${checkpointKey.publicKey}\n`));
    },
  },
  'verify-bundle': {
    summary: {
      zh: '离线核验证据包：只信任文件与公布的检查点公钥',
      en: 'check a bundle offline, trusting nothing but the file and the published checkpoint key',
    },
    usage: 'verify-bundle FILE --checkpoint-key <base64 | PEM file>',
    options: { 'checkpoint-key': { type: 'string' } },
    run(ctx, values, [file]) {
      if (file === undefined) throw usage('请给出证据包文件', 'Give the bundle file');
      const given = str(values, 'checkpoint-key');
      const key = given === undefined ? undefined : checkpointKeyFrom(given);
      if (key === undefined)
        throw usage('--checkpoint-key 须为 base64 Ed25519 公钥或其 PEM 文件', '--checkpoint-key is a base64 Ed25519 public key or a PEM file of one');
      const result = verifyBundleFile(file, key);
      if (result === undefined) throw new CliError('UNREADABLE', exitCodes.usage, { zh: `无法读取 ${file}`, en: `Cannot read ${file}` });
      const { verdict, lines } = result;
      if (ctx.out.json) ctx.out.data(verdict);
      else for (const line of lines) ctx.out.line(line);
      if (verdict.problems.length > 0) process.exitCode = exitCodes.problems;
    },
  },
  export: {
    summary: { zh: '导出历史检索结果（JSON Lines 或 CSV），显示进度', en: 'export a history search (JSON Lines or CSV) with a progress bar' },
    usage: 'export [--format jsonl|csv] [--out FILE] [filters as for history] [--page-size N]',
    options: { ...filterOptions, format: { type: 'string', default: 'jsonl' }, out: { type: 'string' }, 'page-size': { type: 'string', default: '500' } },
    async run(ctx, values) {
      const format = str(values, 'format') as ExportFormat;
      if (!exportFormats.includes(format)) throw usage('--format 须为 jsonl 或 csv', '--format is jsonl or csv');
      const pageSize = Number(str(values, 'page-size'));
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw usage('--page-size 须为 1–500', '--page-size is 1 to 500');
      const file = str(values, 'out');
      const out: WriteStream | NodeJS.WriteStream = file === undefined ? process.stdout : createWriteStream(file);
      const write = (line: string) =>
        new Promise<void>((resolve, reject) => (out.write(`${line}\n`) ? resolve() : out.once('drain', resolve).once('error', reject)));
      const label = (done: number, total: number) => ctx.out.t(`已导出 ${done} / ${total} 条`, `exported ${done} / ${total} entries`);
      const count = await exportHistory(
        ctx.api,
        ctx.session().token,
        { filter: filterOf(values), format, pageSize },
        write,
        progressBar(process.stderr, label),
      );
      if (out !== process.stdout) await new Promise<void>((resolve) => (out as WriteStream).end(resolve));
      if (ctx.out.json && file !== undefined) ctx.out.data({ exported: count, file });
    },
  },
  'checkpoint create': {
    summary: {
      zh: '让服务器对全部案件头签发检查点（联合办公室、管理员）',
      en: 'have the server sign a checkpoint over every case head (joint office, administrators)',
    },
    usage: 'checkpoint create',
    options: {},
    async run(ctx) {
      printCheckpoint(ctx, (await ctx.call<{ createCheckpoint: CheckpointView }>(`mutation { createCheckpoint ${CHECKPOINT} }`)).createCheckpoint);
    },
  },
  'checkpoint countersign': {
    summary: { zh: '签署人在本机副署检查点', en: 'a signatory countersigns a checkpoint here' },
    usage: 'checkpoint countersign NUMBER [--key KEY_ID]',
    options: { key: { type: 'string' } },
    async run(ctx, values, [number]) {
      if (number === undefined || !/^[1-9][0-9]*$/.test(number)) throw usage('请给出检查点编号', 'Give the checkpoint number');
      const sealed = ctx.sealedKey(str(values, 'key'));
      const { checkpoint } = await ctx.call<{ checkpoint: CheckpointView | null }>(`query($n: Int!) { checkpoint(number: $n) ${CHECKPOINT} }`, {
        n: Number(number),
      });
      if (checkpoint === null) throw new CliError('NOT_FOUND', exitCodes.refused, { zh: `没有第 ${number} 号检查点`, en: `No checkpoint ${number}` });
      process.stderr.write(
        `${ctx.out.t('副署检查点', 'Countersigning checkpoint')} #${checkpoint.number}: root ${checkpoint.rootHash}, ${checkpoint.treeSize} ${ctx.out.t('个案件', 'cases')}\n`,
      );
      const signedAt = new Date().toISOString();
      const signature = (await ctx.unlock(sealed)).sign(countersignedBytes(checkpoint.statement, sealed.id, signedAt));
      const { countersignCheckpoint } = await ctx.call<{ countersignCheckpoint: CheckpointView }>(
        `mutation($n: Int!, $k: ID!, $t: DateTime!, $s: String!) { countersignCheckpoint(number: $n, keyId: $k, signedAt: $t, signature: $s) ${CHECKPOINT} }`,
        { n: checkpoint.number, k: sealed.id, t: signedAt, s: signature },
      );
      printCheckpoint(ctx, countersignCheckpoint);
    },
  },
};
