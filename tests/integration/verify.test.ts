import { describe, expect, it } from 'vitest';
import { useTestBed } from '../support/bed.js';
import { codes } from '../support/graphql.js';

interface Verification {
  valid: boolean;
  entriesChecked: number;
  signaturesChecked: number;
  headSeq: number;
  problems: { kind: string; seq: number | null; versionId: string | null; signatureId: string | null }[];
}

describe('verifyCase', () => {
  const bed = useTestBed('verify');

  /** An adopted proposal with a revision (approved internally again), comments and both signatures: 10 entries. */
  async function adopted(): Promise<string> {
    const { actors, keys, signers } = bed;
    const { id } = await actors.createProposal('cq.drafter');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id, comment: '同意' });
    await actors.act('cd.reviewer', 'requestChanges', { caseId: id, comment: '请补充安全条款' });
    await actors.edit('cq.drafter', id, 1, '# 总则\n\n一、共建数据交换中心。\n二、联合开展数据安全监管。');
    await actors.act('cq.drafter', 'resubmitProposal', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });
    await actors.sign('cq.signatory', id, keys.cq, signers.cq);
    expect((await actors.sign('cd.signatory', id, keys.cd, signers.cd)).data?.signCase.state).toBe('adopted');
    return id;
  }

  const verify = async (id: string) =>
    (
      await bed.actors.query<{ verifyCase: Verification }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid entriesChecked signaturesChecked headSeq problems { kind seq versionId signatureId } } }',
        { id },
      )
    ).data!.verifyCase;
  const kinds = (verification: Verification) => verification.problems.map((p) => `${p.kind}@${p.seq ?? '-'}`);

  it('finds nothing wrong with an untouched case', async () => {
    const id = await adopted();
    expect(await verify(id)).toEqual({ valid: true, entriesChecked: 10, signaturesChecked: 2, headSeq: 10, problems: [] });
  });

  it('names an edited entry', async () => {
    const id = await adopted();
    await bed.database.events.updateOne({ caseId: id, seq: 4 }, { $set: { 'payload.comment': '同意，无需修改' } });
    const verification = await verify(id);
    expect(verification.valid).toBe(false);
    expect(kinds(verification)).toEqual(['ENTRY_ALTERED@4']);
  });

  it('names a deleted entry', async () => {
    const id = await adopted();
    await bed.database.events.deleteOne({ caseId: id, seq: 3 });
    expect(kinds(await verify(id))).toEqual(expect.arrayContaining(['SEQUENCE_GAP@4', 'CHAIN_BROKEN@4']));
  });

  it('names two entries put in each other’s place', async () => {
    const id = await adopted();
    const [three, four] = await Promise.all([bed.database.events.findOne({ caseId: id, seq: 3 }), bed.database.events.findOne({ caseId: id, seq: 4 })]);
    await bed.database.events.deleteMany({ caseId: id, seq: { $in: [3, 4] } });
    await bed.database.events.insertMany([
      { ...three!, _id: `${id}:4`, seq: 4 },
      { ...four!, _id: `${id}:3`, seq: 3 },
    ]);
    const found = kinds(await verify(id));
    expect(found).toEqual(expect.arrayContaining(['CHAIN_BROKEN@3', 'ENTRY_ALTERED@3', 'CHAIN_BROKEN@4', 'ENTRY_ALTERED@4']));
  });

  it('names a changed document version', async () => {
    const id = await adopted();
    const version = (await bed.database.versions.findOne({ caseId: id, number: 2 }))!;
    await bed.database.versions.updateOne({ _id: version._id }, { $set: { 'content.body': '# 总则\n\n一、共建数据交换中心。' } });
    const verification = await verify(id);
    expect(verification.problems.filter((p) => p.kind === 'CONTENT_ALTERED').map((p) => p.versionId)).toEqual([version._id]);
  });

  it('names a swapped signature', async () => {
    const id = await adopted();
    const other = await adopted();
    const theirs = (await bed.database.signatures.findOne({ caseId: other, signerUsername: 'cq.signatory' }))!;
    const ours = (await bed.database.signatures.findOne({ caseId: id, signerUsername: 'cq.signatory' }))!;
    await bed.database.signatures.updateOne({ _id: ours._id }, { $set: { signature: theirs.signature } });
    const verification = await verify(id);
    expect(verification.problems.map((p) => [p.kind, p.signatureId])).toEqual([['SIGNATURE_INVALID', ours._id]]);
  });

  it('names signed bytes that were rewritten with a matching signature from elsewhere', async () => {
    const id = await adopted();
    const other = await adopted();
    const theirs = (await bed.database.signatures.findOne({ caseId: other, signerUsername: 'cd.signatory' }))!;
    await bed.database.signatures.updateOne({ caseId: id, signerUsername: 'cd.signatory' }, { $set: { payload: theirs.payload, signature: theirs.signature } });
    expect(kinds(await verify(id))).toEqual(['SIGNED_BYTES_ALTERED@10', 'SIGNATURE_BINDING@10']);
  });

  it('names a decision the machine would not have taken', async () => {
    const id = await adopted();
    // A forged entry whose hashes are all recomputed: only replaying it through the machine exposes it.
    const { entryHash } = await import('../../src/crypto/evidence.js');
    const entries = await bed.database.events.find({ caseId: id }).sort({ seq: 1 }).toArray();
    const forged = { ...entries[2]!, actor: { ...entries[2]!.actor, username: 'cd.reviewer', agencyId: 'CD-ONLINE-GOV', region: 'CHENGDU' as const } };
    let prevHash = entries[1]!.hash;
    for (const entry of [forged, ...entries.slice(3)]) {
      const { _id, hash: _hash, feedPosition: _position, ...body } = entry;
      const rewritten = { ...body, prevHash };
      const hash = entryHash(rewritten);
      await bed.database.events.replaceOne({ _id }, { ...rewritten, hash });
      prevHash = hash;
    }
    const found = kinds(await verify(id));
    expect(found).toContain('REPLAY_MISMATCH@3');
  });

  it('is for auditors and the joint office only', async () => {
    const id = await adopted();
    expect(codes(await bed.actors.query('cq.reviewer', 'query($id: ID!) { verifyCase(id: $id) { valid } }', { id }))).toEqual(['FORBIDDEN']);
    expect(
      (await bed.actors.query<{ verifyCase: { valid: boolean } }>('joint.coordinator', 'query($id: ID!) { verifyCase(id: $id) { valid } }', { id })).data
        ?.verifyCase.valid,
    ).toBe(true);
  });
});
