import { createHash, createPublicKey, verify } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalize } from '../../src/crypto/canonical-json.js';
import { verifyInclusion } from '../../src/crypto/merkle.js';
import { CheckpointService, loadCheckpointKey } from '../../src/audit/checkpoints.js';
import { CaseEngine } from '../../src/cases/engine.js';
import { CaseStore } from '../../src/store/case-store.js';
import { CheckpointStore } from '../../src/store/checkpoint-store.js';
import { useTestBed } from '../support/bed.js';
import type { ProofView } from '../support/cases.js';
import { CommitsLate } from '../support/faults.js';
import { codes } from '../support/graphql.js';

interface CheckpointView {
  number: number;
  treeSize: number;
  rootHash: string;
  statement: string;
  serverKeyId: string;
  serverSignature: string;
  countersignatures: { signerName: string; region: string; algorithm: string; signature: string }[];
}
const CHECKPOINT = 'number treeSize rootHash statement serverKeyId serverSignature countersignatures { signerName region algorithm signature }';

describe('signed checkpoints', () => {
  const bed = useTestBed('checkpoints');
  const cases: string[] = [];

  const make = async () =>
    (await bed.actors.query<{ createCheckpoint: CheckpointView }>('joint.coordinator', `mutation { createCheckpoint { ${CHECKPOINT} } }`)).data!
      .createCheckpoint;
  const proofOf = async (caseId: string, checkpoint?: number) =>
    bed.actors.query<{
      inclusionProof: ProofView;
    }>(
      'auditor',
      'query($c: ID!, $n: Int) { inclusionProof(caseId: $c, checkpoint: $n) { caseId seq hash leafIndex treeSize auditPath checkpoint { number rootHash } } }',
      { c: caseId, n: checkpoint },
    );
  /** The store of a server that stops between a checkpoint's commit and recording its heads. */
  class StopsAfterCommit extends CheckpointStore {
    override record(): Promise<void> {
      return Promise.reject(new Error('stopped after the commit'));
    }
  }
  /** Stores of servers racing for one checkpoint number: each waits, before its insert, until all have got there. */
  const racing = (count: number): CheckpointStore[] => {
    let arrived = 0;
    let release = (): void => undefined;
    const all = new Promise<void>((resolve) => {
      release = resolve;
    });
    class MeetsBeforeInsert extends CheckpointStore {
      override async insert(...args: Parameters<CheckpointStore['insert']>): Promise<void> {
        arrived += 1;
        if (arrived === count) release();
        await all;
        return super.insert(...args);
      }
    }
    return Array.from({ length: count }, () => new MeetsBeforeInsert(bed.database));
  };
  /** A checkpoint service on the test's database, as a server would make one. */
  const serviceOn = async (store: CheckpointStore, now?: () => Date): Promise<CheckpointService> => {
    const caseStore = new CaseStore(bed.database);
    return new CheckpointService(store, caseStore, new CaseEngine(caseStore), await loadCheckpointKey(inject('keys').checkpoint.file, ''), now);
  };
  const verifyCase = async (id: string) =>
    (
      await bed.actors.query<{ verifyCase: { valid: boolean; problems: { kind: string; seq: number }[] } }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid problems { kind seq } } }',
        { id },
      )
    ).data!.verifyCase;

  beforeAll(async () => {
    const { actors } = bed;
    for (let i = 0; i < 5; i += 1) {
      const { id } = await actors.createProposal(i % 2 === 0 ? 'cq.drafter' : 'cd.drafter');
      await actors.act(i % 2 === 0 ? 'cq.drafter' : 'cd.drafter', 'submitForInternalReview', { caseId: id });
      cases.push(id);
    }
  });

  it('signs a Merkle root over every case head with the published key', async () => {
    const checkpoint = await make();
    expect(checkpoint.treeSize).toBe(5);
    const { data } = await bed.actors.query<{ checkpointKey: { keyId: string; publicKey: string } }>('auditor', '{ checkpointKey { keyId publicKey } }');
    expect(data!.checkpointKey.publicKey).toBe(inject('keys').checkpoint.publicKey);
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(data!.checkpointKey.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    });
    expect(verify(null, Buffer.from(checkpoint.statement), key, Buffer.from(checkpoint.serverSignature, 'base64'))).toBe(true);
    expect(JSON.parse(checkpoint.statement)).toEqual({
      purpose: 'twincity-policy/checkpoint/v2',
      number: checkpoint.number,
      createdAt: expect.any(String) as string,
      treeSize: 5,
      rootHash: checkpoint.rootHash,
      serverKeyId: data!.checkpointKey.keyId,
      previous: null,
    });
  });

  /** Checks the proof as an auditor would, with nothing but the leaf's fields and the signed root. */
  const expectProven = (proof: NonNullable<Awaited<ReturnType<typeof proofOf>>['data']>['inclusionProof']): void => {
    const leaf = createHash('sha256')
      .update(Buffer.from([0]))
      .update(canonicalize({ caseId: proof.caseId, seq: proof.seq, hash: proof.hash }))
      .digest();
    const path = proof.auditPath.map((hex) => Buffer.from(hex, 'hex'));
    expect(verifyInclusion(leaf, proof.leafIndex, proof.treeSize, path, Buffer.from(proof.checkpoint.rootHash, 'hex'))).toBe(true);
  };

  it('proves each case head is in the checkpoint', async () => {
    for (const caseId of cases) {
      const proof = (await proofOf(caseId)).data!.inclusionProof;
      expect(proof).toMatchObject({ caseId, seq: 2, treeSize: 5 });
      expectProven(proof);
    }
  });

  it('takes one countersignature per signatory of each city, verified against their key', async () => {
    const { number, statement } = await make();
    const { actors, keys, signers } = bed;
    const hour = 3_600_000;
    // Signed bytes other than the dated statement: the bare statement (undated, so datable at will), another text.
    expect(codes(await actors.countersign('cq.signatory', number, statement, keys.cq, signers.cq, { bytes: statement }))).toEqual(['SIGNATURE_INVALID']);
    expect(codes(await actors.countersign('cq.signatory', number, `${statement} `, keys.cq, signers.cq))).toEqual(['SIGNATURE_INVALID']);
    expect(codes(await actors.countersign('cq.signatory', number, statement, keys.cd, signers.cd))).toEqual(['SIGNATURE_INVALID']);
    // Dated an hour ago or ahead: a countersignature is dated when it is made.
    expect(codes(await actors.countersign('cq.signatory', number, statement, keys.cq, signers.cq, { signedAt: new Date(Date.now() - hour) }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await actors.countersign('cq.signatory', number, statement, keys.cq, signers.cq, { signedAt: new Date(Date.now() + hour) }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await actors.countersign('cq.reviewer', number, statement, keys.cq, signers.cq))).toEqual(['FORBIDDEN']);
    expect((await actors.countersign('cq.signatory', number, statement, keys.cq, signers.cq)).errors).toBeUndefined();
    expect((await actors.countersign('cd.signatory', number, statement, keys.cd, signers.cd)).errors).toBeUndefined();
    const both = await actors.query<{ checkpoint: CheckpointView }>('auditor', `query($n: Int!) { checkpoint(number: $n) { ${CHECKPOINT} } }`, { n: number });
    expect(both.data!.checkpoint.countersignatures.map((c) => [c.signerName, c.region, c.algorithm])).toEqual([
      ['cq.signatory', 'CHONGQING', 'ED25519'],
      ['cd.signatory', 'CHENGDU', 'SM2'],
    ]);
    expect(codes(await actors.countersign('cd.signatory', number, statement, keys.cd, signers.cd))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows that cases only grew between two checkpoints, and names one rewritten', async () => {
    const first = await make();
    await bed.actors.act('cq.reviewer', 'approveInternally', { caseId: cases[0] });
    const second = await make();
    const consistency = (from: number, to: number) =>
      bed.actors.query<{ checkpointConsistency: { consistent: boolean; casesChecked: number; problems: { caseId: string; kind: string }[] } }>(
        'auditor',
        'query($f: Int!, $t: Int!) { checkpointConsistency(from: $f, to: $t) { consistent casesChecked problems { caseId kind } } }',
        { f: from, t: to },
      );
    expect((await consistency(first.number, second.number)).data!.checkpointConsistency).toEqual({ consistent: true, casesChecked: 5, problems: [] });

    // Someone with database access rewrites an entry of case 2 and re-hashes the chain after it.
    const { entryHash } = await import('../../src/crypto/evidence.js');
    const entries = await bed.database.events.find({ caseId: cases[2] }).sort({ seq: 1 }).toArray();
    let prevHash = '0'.repeat(64);
    for (const entry of entries) {
      const { _id, hash: _hash, feedPosition: _position, ...body } = entry;
      const rewritten = { ...body, prevHash, payload: { ...body.payload, comment: '篡改' } };
      const hash = entryHash(rewritten);
      await bed.database.events.replaceOne({ _id }, { ...rewritten, hash });
      await bed.database.cases.updateOne({ _id: cases[2]! }, { $set: { headHash: hash } });
      prevHash = hash;
    }
    // A rewrite commits no entry: the next checkpoint records nothing of it (never a head no commit made), and the
    // checkpoints already signed give it away, the newest included.
    expect((await make()).number).toBe(second.number);
    for (const from of [first.number, second.number - 1]) {
      expect((await consistency(from, second.number)).data!.checkpointConsistency.problems).toEqual([{ caseId: cases[2], kind: 'HISTORY_REWRITTEN' }]);
    }
    // The rewritten chain is consistent in itself; only the checkpoints give it away.
    expect((await verifyCase(cases[2]!)).problems).toEqual([{ kind: 'CHECKPOINT_MISMATCH', seq: 2 }]);
  });

  it('is signed again by a server once the newest checkpoint is older than the interval', async () => {
    const latest = (await bed.actors.query<{ checkpoint: { number: number } }>('auditor', '{ checkpoint { number } }')).data!.checkpoint;
    let now = new Date();
    const service = await serviceOn(new CheckpointStore(bed.database), () => now);
    expect(await service.createIfDue(3_600_000)).toBeUndefined();
    now = new Date(Date.now() + 2 * 3_600_000);
    expect((await service.createIfDue(3_600_000))?.number).toBe(latest.number + 1);
    expect(await service.createIfDue(3_600_000)).toBeUndefined();
  });

  it('catches the deletion of a case’s newest entries after a checkpoint', async () => {
    const caseId = cases[4]!;
    expect((await bed.actors.act('cq.reviewer', 'approveInternally', { caseId })).errors).toBeUndefined();
    await make();
    expect((await verifyCase(caseId)).valid).toBe(true);
    await bed.database.events.deleteOne({ caseId, seq: 3 });
    expect(await verifyCase(caseId)).toEqual({ valid: false, problems: [{ kind: 'HISTORY_TRUNCATED', seq: 3 }] });
  });
  it('records only the heads that changed since the previous checkpoint, and names that one', async () => {
    const before = await make();
    const leaves = async () => (await bed.database.trees.find().toArray()).reduce((sum, chunk) => sum + chunk.leaves.length, 0);
    const stored = await leaves();
    // Asked for with nothing changed, the newest checkpoint is the answer; the hourly one is signed all the same.
    expect((await make()).number).toBe(before.number);
    const hourly = await serviceOn(new CheckpointStore(bed.database));
    const idle = [];
    for (let i = 0; i < 10; i += 1) idle.push(await hourly.create());
    // Nothing changed: ten signed statements, no leaf.
    expect(idle.map((checkpoint) => checkpoint.treeSize)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(await leaves()).toBe(stored);
    // Each names the one before by the hash of its statement's bytes.
    for (const [i, checkpoint] of idle.entries()) {
      expect(JSON.parse(checkpoint.statement)).toMatchObject({
        previous: createHash('sha256')
          .update((idle[i - 1] ?? before).statement)
          .digest('hex'),
      });
    }
    expect((await bed.actors.act('cd.reviewer', 'approveInternally', { caseId: cases[1] })).errors).toBeUndefined();
    const changed = await make();
    expect(changed.treeSize).toBe(1);
    expect(await leaves()).toBe(stored + 1);
    // The changed case is proven in the newest checkpoint; an unchanged one in the first, which recorded its head.
    const proof = (await proofOf(cases[1]!)).data!.inclusionProof;
    expect(proof).toMatchObject({ caseId: cases[1], seq: 3, treeSize: 1, checkpoint: { number: changed.number } });
    expectProven(proof);
    const unchanged = (await proofOf(cases[3]!)).data!.inclusionProof;
    expect(unchanged).toMatchObject({ caseId: cases[3], seq: 2, treeSize: 5, checkpoint: { number: 1 } });
    expectProven(unchanged);
    // Asked as of a checkpoint before the change, the changed case is proven with the head it had then.
    expect((await proofOf(cases[1]!, before.number)).data!.inclusionProof).toMatchObject({ seq: 2, checkpoint: { number: 1 } });
    expect((await bed.database.recordedHeads.findOne({ _id: cases[3]! }))?.heads).toHaveLength(1);
  });

  it('records the heads of a checkpoint whose server stopped before it could', async () => {
    expect((await bed.actors.act('cd.reviewer', 'approveInternally', { caseId: cases[3] })).errors).toBeUndefined();
    await expect((await serviceOn(new StopsAfterCommit(bed.database))).create()).rejects.toThrow('stopped after the commit');
    const stranded = (await bed.actors.query<{ checkpoint: { number: number; treeSize: number } }>('auditor', '{ checkpoint { number treeSize } }')).data!
      .checkpoint;
    expect(stranded.treeSize).toBe(1);
    // Until recorded, the case's newest head is not among its recorded heads; the next checkpoint records it first.
    expect((await proofOf(cases[3]!)).data!.inclusionProof.checkpoint.number).toBe(1);
    const next = await (await serviceOn(new CheckpointStore(bed.database))).create();
    expect(next).toMatchObject({ number: stranded.number + 1, treeSize: 0 });
    const proof = (await proofOf(cases[3]!)).data!.inclusionProof;
    expect(proof).toMatchObject({ seq: 3, checkpoint: { number: stranded.number } });
    expectProven(proof);
    expect((await verifyCase(cases[3]!)).valid).toBe(true);
    // Recording it again writes nothing; two servers recording it at once, each before the other wrote, record
    // the head twice, which is read once.
    const store = new CheckpointStore(bed.database);
    const heads = await store.recordedHeads(cases[3]!);
    const checkpoint = (await store.get(stranded.number))!;
    const stored = async () => (await bed.database.recordedHeads.findOne({ _id: cases[3]! }))?.heads;
    await store.record(checkpoint, await store.leaves(checkpoint), await store.lastRecordedOf([cases[3]!]));
    expect(await stored()).toHaveLength(2);
    await store.record(checkpoint, await store.leaves(checkpoint), new Map());
    expect(await stored()).toHaveLength(3);
    expect(await store.recordedHeads(cases[3]!)).toEqual(heads);
  });
  it('records at the next checkpoint a change whose writer was still at work when one read past its slot', async () => {
    const user = (await bed.database.users.findOne({ username: 'cd.reviewer' }))!;
    const reviewer = { userId: user._id, username: user.username, agencyId: user.agencyId, region: 'CHENGDU' as const, roles: user.roles };
    const { id } = await bed.actors.createProposal('cd.drafter');
    await bed.actors.act('cd.drafter', 'submitForInternalReview', { caseId: id });
    const store = new CommitsLate(bed.database);
    const acting = new CaseEngine(store).act(reviewer, id, { type: 'APPROVE_INTERNALLY', input: {}, requestHash: 'late-writer' });
    await Promise.race([store.reached, acting]);
    const during = await (await serviceOn(new CheckpointStore(bed.database))).create();
    const slot = (await bed.database.historyFeed.findOne({ caseId: id, seq: 3 }))!;
    expect((await bed.database.checkpoints.findOne({ _id: during.number }))?.openSlots).toEqual([Number(slot._id.replace('feed-', ''))]);
    store.release();
    expect((await acting).head.seq).toBe(3);
    const after = await (await serviceOn(new CheckpointStore(bed.database))).create();
    expect(await new CheckpointStore(bed.database).leaves(after)).toContainEqual(expect.objectContaining({ caseId: id, seq: 3 }));
    expect((await bed.database.checkpoints.findOne({ _id: after.number }))?.openSlots).toEqual([]);
    expect((await verifyCase(id)).problems).toEqual([]);
  });

  it('proves to the counterpart only heads it may read, so that it cannot time the other side’s internal entries', async () => {
    // Chongqing's first case: checkpoint 1 recorded it in internal review (entry 2); a later one, handed over (entry 3).
    expect((await proofOf(cases[0]!, 1)).data!.inclusionProof).toMatchObject({ seq: 2, checkpoint: { number: 1 } });
    const asCounterpart = (checkpoint?: number) =>
      bed.actors.query<{ inclusionProof: { seq: number } }>('cd.reviewer', 'query($c: ID!, $n: Int) { inclusionProof(caseId: $c, checkpoint: $n) { seq } }', {
        c: cases[0],
        n: checkpoint,
      });
    expect(codes(await asCounterpart(1))).toEqual(['NOT_FOUND']);
    // A checkpoint that does not exist is named as such, whoever asks.
    for (const number of [0, -1, 999_999]) {
      const response = await bed.actors.query('auditor', 'query($c: ID!, $n: Int) { inclusionProof(caseId: $c, checkpoint: $n) { seq } }', {
        c: cases[0],
        n: number,
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', messages: { en: 'Checkpoint not found' } });
    }
    expect((await asCounterpart()).data!.inclusionProof.seq).toBe(3);
  });
  it('answers many asking at once, on two servers, while cases change; every case still verifies', async () => {
    const { actors } = bed;
    const fresh: string[] = [];
    for (let i = 0; i < 3; i += 1) fresh.push((await actors.createProposal('cq.drafter')).id);
    const asked = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        actors.query<{ createCheckpoint: { number: number } }>(i % 2 === 0 ? 'joint.coordinator' : 'admin', 'mutation { createCheckpoint { number } }'),
      ),
      ...fresh.map((caseId) => actors.act('cq.drafter', 'submitForInternalReview', { caseId })),
    ]);
    expect(asked.flatMap((response) => response.errors ?? [])).toEqual([]);
    for (const caseId of [cases[0]!, cases[1]!, cases[3]!, ...fresh]) expect((await verifyCase(caseId)).problems, caseId).toEqual([]);
    // Whether the burst's checkpoints came before or after the submissions is the machine's timing: the next one
    // records their heads either way.
    expect((await actors.query('joint.coordinator', 'mutation { createCheckpoint { number } }')).errors).toBeUndefined();
    for (const caseId of fresh) expect((await proofOf(caseId)).data!.inclusionProof).toMatchObject({ caseId, seq: 2 });
    // A case first recorded by a checkpoint whose server stopped, which two servers then record at once: the second
    // to insert its recorded heads updates them instead.
    const late = (await actors.createProposal('cq.drafter')).id;
    await expect((await serviceOn(new StopsAfterCommit(bed.database))).create()).rejects.toThrow('stopped after the commit');
    const servers = await Promise.all(racing(2).map((store) => serviceOn(store)));
    await Promise.all(servers.map((server) => server.recordAll()));
    expect(await new CheckpointStore(bed.database).recordedHeads(late)).toMatchObject([{ caseId: late, seq: 1 }]);
    const made = await Promise.all(servers.map((server) => server.create()));
    expect(made[1]!.number).toBe(made[0]!.number);
    // Asked again with nothing changed, the newest checkpoint is answered rather than another one signed.
    const again = (await actors.query<{ createCheckpoint: { number: number } }>('joint.coordinator', 'mutation { createCheckpoint { number } }')).data!
      .createCheckpoint;
    expect(again.number).toBe(made[0]!.number);
  });
});
