import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { requireViewer } from '../auth/permissions.js';
import type { CaseEngine } from '../cases/engine.js';
import type { CaseHead, Checkpoint, Countersignature } from '../store/records.js';
import { canReadEntry, seesEverything } from '../cases/visibility.js';
import { checkpointStatement, countersignedBytes, headLeaf, statementHash } from '../crypto/checkpoint-format.js';
import { entryHash } from '../crypto/evidence.js';
import { inclusionPath, treeHead } from '../crypto/merkle.js';
import { checkPublicKey, verifySignature } from '../crypto/signatures.js';
import type { Viewer } from '../directory/model.js';
import { badInput, forbidden, notFound, signatureInvalid } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import type { CheckpointStore } from '../store/checkpoint-store.js';
import type { FeedSlot } from '../store/history-feed.js';
import { DuplicateError } from '../store/directory-store.js';
import { isCoordinator } from '../../workflows/types.js';
import { outsideCommandBudget, withoutCommandLimit } from '../store/command-budget.js';

export interface CheckpointKey {
  keyId: string;
  publicKey: string;
  privateKey: KeyObject;
}

/** The server's checkpoint key: Ed25519 from a file, or (development only) generated once under the data directory. */
export async function loadCheckpointKey(file: string | undefined, dataDir: string): Promise<CheckpointKey> {
  let pem: string;
  if (file !== undefined) {
    pem = await readFile(file, 'utf8');
  } else {
    const generated = path.join(dataDir, 'checkpoint', 'checkpoint-signing.pem');
    pem = await readFile(generated, 'utf8').catch(async () => {
      await mkdir(path.dirname(generated), { recursive: true, mode: 0o700 });
      const text = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await writeFile(generated, text, { mode: 0o600 });
      return text;
    });
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the checkpoint key must be an Ed25519 private key (PKCS#8 PEM)');
  const publicKey = Buffer.from(privateKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
  return { keyId: checkPublicKey('ED25519', publicKey).fingerprint, publicKey, privateKey };
}

export interface InclusionProof {
  checkpoint: Checkpoint;
  head: CaseHead;
  leafIndex: number;
  auditPath: string[];
}

export interface ConsistencyProblem {
  caseId: string;
  kind: string;
  message: string;
}

/** How many history feed slots a checkpoint reads at a time. */
const slotsPerRead = 1024;
/**
 * How long a checkpoint keeps looking for the entry of a slot claimed this long ago: its writer's request ended long
 * before (the request deadline is 30 s). An entry committed later still is recorded when its case next changes.
 */
const openSlotLifetimeMs = 24 * 3_600_000;

/** How far a countersignature's own date may be from the server's clock. */
const countersignSkewMs = 5 * 60_000;

const mayAudit = (viewer: Viewer | undefined): Viewer => {
  const auditor = requireViewer(viewer);
  if (!seesEverything(auditor)) throw forbidden('仅审计与联合办公室可执行', 'Only auditors and the joint office may do this');
  return auditor;
};

/**
 * Signed checkpoints (DESIGN §6): the server signs a Merkle root (RFC 9162) over the case heads that changed since
 * the previous checkpoint, chained to it by the hash of its statement; each city's signatory countersigns it with a
 * registered key. Every head a case had at some checkpoint is then a leaf of one signed tree, and neither side, nor
 * the operator, can show the two cities different histories, or delete the newest entries of a case, without it
 * showing. A checkpoint costs leaves for the cases that changed only: disk grows with the work done, not with cases
 * × checkpoints (version 1 trees held every case at every checkpoint).
 */
export class CheckpointService {
  constructor(
    private readonly store: CheckpointStore,
    private readonly cases: CaseStore,
    private readonly engine: CaseEngine,
    private readonly key: CheckpointKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private making: Promise<Checkpoint> | undefined;

  publicKey(): { keyId: string; algorithm: 'ED25519'; publicKey: string } {
    return { keyId: this.key.keyId, algorithm: 'ED25519', publicKey: this.key.publicKey };
  }

  /** The joint office's coordinators and administrators may ask for one now; auditors change nothing. */
  async createOnDemand(viewer: Viewer | undefined): Promise<Checkpoint> {
    const caller = requireViewer(viewer);
    if (!caller.roles.includes('ADMIN') && !isCoordinator(caller)) {
      throw forbidden('仅联合办公室协调人或管理员可即时签发检查点', 'Only the joint office coordinators and administrators sign a checkpoint on demand');
    }
    return this.once(false);
  }

  /**
   * One checkpoint at a time in a process: a caller arriving meanwhile gets the one under way. The server's own work,
   * outside the budget of the request that set it off.
   */
  private once(signUnchanged: boolean): Promise<Checkpoint> {
    this.making ??= outsideCommandBudget(() => this.create(signUnchanged)).finally(() => {
      this.making = undefined;
    });
    return this.making;
  }

  /**
   * Signs the case heads that changed since the previous checkpoint as the next one; when none did, the newest
   * checkpoint, which holds them all, unless `signUnchanged` (the hourly one, which also says when nothing changed).
   * Of several servers doing so at once, one number wins. The cases that changed are those the history feed names
   * since the position the previous checkpoint read to (`changedSince`): its cost follows the work done since, not
   * the number of cases.
   */
  async create(signUnchanged = true): Promise<Checkpoint> {
    await this.engine.repairProjections();
    const tail = await this.cases.feed.tail();
    // The previous checkpoint is read before the recording, so that its heads are recorded before the diff.
    const previous = await this.store.latest();
    await this.recordAll();
    const { heads, feedPosition, openSlots } = await this.changedSince(previous, tail);
    const recorded = await this.store.lastRecordedOf(heads.map((head) => head.caseId));
    const leaves = heads.filter((head) => {
      const last = recorded.get(head.caseId);
      return last?.seq !== head.seq || last.hash !== head.hash;
    });
    if (leaves.length === 0 && previous !== undefined && !signUnchanged) return previous;
    const number = (previous?.number ?? 0) + 1;
    const createdAt = this.now();
    const rootHash = treeHead(leaves.map(headLeaf)).toString('hex');
    const statement = checkpointStatement({
      number,
      createdAt: createdAt.toISOString(),
      treeSize: leaves.length,
      rootHash,
      serverKeyId: this.key.keyId,
      previous: previous === undefined ? null : statementHash(previous.statement),
    });
    const checkpoint: Checkpoint = {
      number,
      id: randomUUID(),
      createdAt,
      treeSize: leaves.length,
      rootHash,
      statement,
      serverKeyId: this.key.keyId,
      serverSignature: sign(null, Buffer.from(statement, 'utf8'), this.key.privateKey).toString('base64'),
      feedPosition,
      openSlots,
    };
    try {
      await this.store.insert(checkpoint, leaves);
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
      return (await this.store.get(number))!;
    }
    await this.store.record(checkpoint, leaves, recorded);
    return checkpoint;
  }

  /**
   * The heads of the cases that changed after `previous` read the history feed, sorted by case id: every case a slot
   * names from the position `previous` read to (the whole feed when it kept none) up to `tail`, and in the slots
   * `previous` left open. A slot whose entry its case's head does not reach yet (its writer is at work, or stopped)
   * stays open for the next checkpoint, until the head reaches its seq (its writer committed, or lost its seq to
   * another) or, for a slot claimed longer than `openSlotLifetimeMs` ago, never.
   */
  private async changedSince(previous: Checkpoint | undefined, tail: number): Promise<{ heads: CaseHead[]; feedPosition: number; openSlots: number[] }> {
    const from = previous?.feedPosition ?? 0;
    const feedPosition = Math.max(from, tail);
    // Only what the diff needs of each slot is kept: the first checkpoint after an upgrade reads the whole feed.
    const slots: Pick<FeedSlot, 'caseId' | 'seq' | 'at' | 'position'>[] = [];
    const take = async (positions: number[]): Promise<void> => {
      for (const slot of await this.cases.feed.slots(positions)) {
        if (slot !== undefined && slot.void !== true) slots.push({ caseId: slot.caseId, seq: slot.seq, at: slot.at, position: slot.position });
      }
    };
    await take(previous?.openSlots ?? []);
    for (let start = from + 1; start <= feedPosition; start += slotsPerRead) {
      await take(Array.from({ length: Math.min(slotsPerRead, feedPosition - start + 1) }, (_, offset) => start + offset));
    }
    const heads = await this.store.caseHeadsOf([...new Set(slots.map((slot) => slot.caseId))].sort());
    const seqOf = new Map(heads.map((head) => [head.caseId, head.seq]));
    const openSince = this.now().getTime() - openSlotLifetimeMs;
    const openSlots = slots.filter((slot) => (seqOf.get(slot.caseId) ?? 0) < slot.seq && slot.at.getTime() >= openSince).map((slot) => slot.position);
    return { heads, feedPosition, openSlots };
  }

  /**
   * Records every committed checkpoint whose heads are not yet in their cases' recorded heads: one whose server
   * stopped between the commit and `record`, or one a server before version 2 made, whose leaves are moved into
   * tree chunks on the way. Run at start and before each checkpoint.
   */
  async recordAll(): Promise<void> {
    for (const checkpoint of await this.store.unrecorded()) {
      const legacy = await this.store.legacyLeaves(checkpoint.id);
      if (legacy.length > 0) await this.store.moveLegacyLeaves(checkpoint, legacy);
      const leaves = await this.store.leaves(checkpoint);
      await this.store.record(checkpoint, leaves, await this.store.lastRecordedOf(leaves.map((leaf) => leaf.caseId)));
    }
  }

  /** Makes a checkpoint when the newest is older than `intervalMs` (called on a timer by every server). */
  async createIfDue(intervalMs: number): Promise<Checkpoint | undefined> {
    const latest = await this.store.latest();
    if (latest !== undefined && this.now().getTime() - latest.createdAt.getTime() < intervalMs) return undefined;
    return this.once(true);
  }

  async get(viewer: Viewer | undefined, number: number | null | undefined): Promise<Checkpoint | undefined> {
    requireViewer(viewer);
    return number == null ? this.store.latest() : this.store.get(number);
  }

  countersignatures(number: number): Promise<Countersignature[]> {
    return this.store.countersignatures(number);
  }

  /**
   * What vouches for checkpoint `recorded` in an evidence bundle: the countersignatures of the first checkpoint from
   * it on that a signatory of each city countersigned, with the statements of the checkpoints after `recorded` up
   * to that one (each names the one before by its hash), oldest first; `recorded`'s own countersignatures and no
   * statements when no checkpoint since has both.
   */
  async countersignedFrom(recorded: Checkpoint): Promise<{ chain: string[]; countersignatures: Countersignature[] }> {
    const number = (await this.store.firstCountersigned(recorded.number)) ?? recorded.number;
    const chain = number === recorded.number ? [] : await this.store.statements(recorded.number, number);
    return { chain, countersignatures: await this.store.countersignatures(number) };
  }

  /**
   * A signatory of either city countersigns the checkpoint with their registered key, dated (countersignedBytes):
   * the instant must be within `countersignSkewMs` of the server's clock and after the checkpoint was made.
   */
  async countersign(viewer: Viewer | undefined, number: number, keyId: string, signedAt: Date, signature: string): Promise<Checkpoint> {
    const signer = requireViewer(viewer);
    if (signer.region === 'JOINT' || !signer.roles.includes('SIGNATORY')) {
      throw forbidden('只有两市的签署人可以副署检查点', 'Only signatories of the two cities countersign checkpoints');
    }
    const checkpoint = await this.store.get(number);
    if (checkpoint === undefined) throw notFound('找不到该检查点', 'Checkpoint not found');
    const key = /^[0-9a-f]{64}$/.test(keyId) ? await this.cases.key(keyId) : undefined;
    if (key === undefined || key.userId !== signer.userId || key.revokedAt !== null) {
      throw signatureInvalid('签名密钥无效', 'The key is not one of your valid signing keys', { reason: 'key' });
    }
    if (Math.abs(signedAt.getTime() - this.now().getTime()) > countersignSkewMs || signedAt.getTime() < checkpoint.createdAt.getTime()) {
      throw badInput(
        '副署时间须为当前时间（前后五分钟内），且不早于检查点',
        'The countersignature must be dated now (within five minutes) and not before the checkpoint',
        { field: 'signedAt' },
      );
    }
    if (!verifySignature(key.algorithm, key.publicKey, countersignedBytes(checkpoint.statement, key.id, signedAt.toISOString()), signature)) {
      throw signatureInvalid('副署签名验证失败', 'The countersignature does not verify', { reason: 'signature' });
    }
    try {
      await this.store.insertCountersignature({
        id: `${number}:${signer.userId}`,
        number,
        userId: signer.userId,
        username: signer.username,
        agencyId: signer.agencyId,
        region: signer.region,
        keyId: key.id,
        algorithm: key.algorithm,
        signature,
        signedAt,
      });
    } catch (error) {
      if (error instanceof DuplicateError) throw badInput('您已副署该检查点', 'You have already countersigned this checkpoint', { field: 'number' });
      throw error;
    }
    return checkpoint;
  }

  /** Every head of the case the checkpoints recorded, oldest checkpoint first. */
  recordedHeads(caseId: string): Promise<(CaseHead & { number: number })[]> {
    return this.store.recordedHeads(caseId);
  }

  /**
   * Proof that the case's head as of checkpoint `number` (the newest by default) is a leaf of a signed tree: the
   * tree of the newest checkpoint up to `number` that recorded the case, which the proof names. For a `viewer` who
   * does not see everything, the newest recorded head that is an entry they may read: that a checkpoint recorded an
   * internal entry of the other side would tell them when it was made.
   */
  async inclusion(caseId: string, number?: number | null, viewer?: Viewer): Promise<InclusionProof | undefined> {
    const upTo = (number == null ? await this.store.latest() : await this.store.get(number))?.number;
    if (upTo === undefined) return undefined;
    const readable = async (head: CaseHead): Promise<boolean> => {
      if (viewer === undefined || seesEverything(viewer)) return true;
      const entry = await this.cases.entry(caseId, head.seq);
      return entry?.hash === head.hash && canReadEntry(viewer, entry);
    };
    let head: (CaseHead & { number: number }) | undefined;
    for (const recorded of (await this.store.recordedHeads(caseId)).filter((candidate) => candidate.number <= upTo).reverse()) {
      if (await readable(recorded)) {
        head = recorded;
        break;
      }
    }
    const checkpoint = head === undefined ? undefined : await this.store.get(head.number);
    if (checkpoint === undefined) return undefined;
    const leaves = await this.store.leaves(checkpoint);
    const leafIndex = leaves.findIndex((leaf) => leaf.caseId === caseId);
    if (leafIndex === -1) return undefined;
    return { checkpoint, head: leaves[leafIndex]!, leafIndex, auditPath: inclusionPath(leafIndex, leaves.map(headLeaf)).map((hash) => hash.toString('hex')) };
  }

  /**
   * Checks that between checkpoints `from` and `to` every case only grew: for each case a checkpoint up to `from`
   * recorded, the head recorded up to `to` extends the one recorded up to `from`, entry by entry in the stored
   * history. Reads every case's recorded heads, and the entries between the two heads of each: without a limit on its
   * database commands, as its weight bounds how many a request asks, still stopped when its request is abandoned.
   */
  consistency(viewer: Viewer | undefined, from: number, to: number): Promise<{ casesChecked: number; problems: ConsistencyProblem[] }> {
    return withoutCommandLimit(() => this.consistent(viewer, from, to));
  }

  private async consistent(viewer: Viewer | undefined, from: number, to: number): Promise<{ casesChecked: number; problems: ConsistencyProblem[] }> {
    mayAudit(viewer);
    if (!(from < to)) throw badInput('须从较早的检查点到较晚的检查点', 'from must be an earlier checkpoint than to', { field: 'from' });
    const [older, newer] = await Promise.all([this.store.get(from), this.store.get(to)]);
    if (older === undefined || newer === undefined) throw notFound('找不到该检查点', 'Checkpoint not found');
    await this.recordAll();
    const problems: ConsistencyProblem[] = [];
    let casesChecked = 0;
    for await (const batch of this.store.everyRecordedCase()) {
      for (const heads of batch) {
        const head = heads.filter((recorded) => recorded.number <= from).at(-1);
        if (head === undefined) continue;
        casesChecked += 1;
        const next = heads.filter((recorded) => recorded.number <= to).at(-1)!;
        const problem = await this.growth(head, next);
        if (problem !== undefined) problems.push({ caseId: head.caseId, ...problem });
      }
    }
    return { casesChecked, problems: problems.sort((a, b) => a.caseId.localeCompare(b.caseId)) };
  }

  /** How the history recorded as `after` fails to extend the one recorded as `before`, if it does not. */
  private async growth(before: CaseHead & { number: number }, after: CaseHead & { number: number }): Promise<{ kind: string; message: string } | undefined> {
    const { caseId } = before;
    if (after.seq < before.seq)
      return { kind: 'HISTORY_SHRANK', message: `case ${caseId} has fewer entries at checkpoint ${after.number} than at ${before.number}` };
    if (await this.grewFrom(before, after)) return undefined;
    if ((await this.cases.head(caseId)) === undefined)
      return { kind: 'CASE_MISSING', message: `case ${caseId}, which checkpoint ${before.number} recorded, is gone` };
    return {
      kind: 'HISTORY_REWRITTEN',
      message: `the history of case ${caseId} does not extend from what checkpoint ${before.number} recorded to what checkpoint ${after.number} recorded`,
    };
  }

  /** Whether the stored chain leads from `before` to `after` entry by entry. */
  private async grewFrom(before: CaseHead, after: CaseHead): Promise<boolean> {
    const entries = await this.cases.entries(before.caseId, before.seq, after.seq);
    if (entries[0]?.hash !== before.hash || entries.length !== after.seq - before.seq + 1) return false;
    return (
      entries.every((entry, i) => entryHash(entry) === entry.hash && (i === 0 || entry.prevHash === entries[i - 1]!.hash)) &&
      entries.at(-1)!.hash === after.hash
    );
  }
}
