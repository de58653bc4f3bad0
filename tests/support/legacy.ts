import { randomUUID, sign } from 'node:crypto';
import type { Db } from 'mongodb';
import type { ProjectPlan } from '../../workflows/joint-project.js';
import { loadCheckpointKey } from '../../src/audit/checkpoints.js';
import { canonicalize } from '../../src/crypto/canonical-json.js';
import { headLeaf } from '../../src/crypto/checkpoint-format.js';
import { treeHead } from '../../src/crypto/merkle.js';
import { entryHash } from '../../src/crypto/evidence.js';
import { canonicalHash } from '../../src/crypto/hash.js';
import type { Database } from '../../src/store/database.js';

/**
 * Turns a joint project just created into one as the server stored it before amounts were exact: the budget of
 * its plan a JSON number of 万元, in the document version and in the machine's context, with the content hash
 * and the entry's hash made over those numbers, as they were then.
 */
export async function storeBudgetAsNumbers(database: Database, caseId: string, budget: { initiator: number; counterpart: number }): Promise<void> {
  const versions = await database.versions.find({ caseId }).toArray();
  const events = await database.events.find({ caseId }).toArray();
  const [version] = versions;
  const [event] = events;
  if (version === undefined || event === undefined || versions.length > 1 || events.length > 1)
    throw new Error('only a project just created has one version and one entry');
  const content = { ...version.content, project: { ...version.content.project!, budget } };
  const contentHash = canonicalHash(content);
  await database.versions.replaceOne({ _id: version._id }, { ...version, content, contentHash });
  // The payload and the snapshot hold JSON only (times as ISO strings): the version's hash is replaced as text.
  const rehashed = <T>(value: T): T => JSON.parse(JSON.stringify(value).split(version.contentHash).join(contentHash)) as T;
  const { _id, hash: _hash, feedPosition: _position, ...entry } = { ...event, payload: rehashed(event.payload), snapshot: rehashed(event.snapshot) };
  (entry.snapshot.context as unknown as { plan: ProjectPlan }).plan.budget = budget;
  const hash = entryHash(entry);
  await database.events.replaceOne({ _id }, { ...entry, hash });
  // The history feed, started on such a database, gave the entry its slot as stored (`HistoryFeed.backfill`).
  await database.historyFeed.updateOne({ caseId, seq: entry.seq }, { $set: { hash } });
  // Projections of then did not carry their head entry: it is read by `_id`.
  await database.cases.updateOne({ _id: caseId }, { $set: { headHash: hash }, $unset: { head: '' } });
}

/**
 * Stores checkpoint `number` as servers before checkpoint version 2 made it: a tree over the head of every case
 * (from the projections, in case id order), the version 1 statement, and one `checkpointLeaves` document per leaf.
 */
export async function storeFirstVersionCheckpoint(db: Db, number: number, keyFile: string): Promise<void> {
  const key = await loadCheckpointKey(keyFile, '');
  const cases = await db.collection<{ _id: string; seq: number; headHash: string }>('cases').find().sort({ _id: 1 }).toArray();
  const heads = cases.map((doc) => ({ caseId: doc._id, seq: doc.seq, hash: doc.headHash }));
  const id = randomUUID();
  const createdAt = new Date();
  const rootHash = treeHead(heads.map(headLeaf)).toString('hex');
  const statement = canonicalize({
    purpose: 'twincity-policy/checkpoint/v1',
    number,
    createdAt: createdAt.toISOString(),
    treeSize: heads.length,
    rootHash,
    serverKeyId: key.keyId,
  });
  await db.collection('checkpointLeaves').insertMany(heads.map((head, index) => ({ _id: `${id}:${index}` as never, checkpointId: id, index, ...head })));
  await db.collection<{ _id: number } & Record<string, unknown>>('checkpoints').insertOne({
    _id: number,
    id,
    createdAt,
    treeSize: heads.length,
    rootHash,
    statement,
    serverKeyId: key.keyId,
    serverSignature: sign(null, Buffer.from(statement, 'utf8'), key.privateKey).toString('base64'),
  });
}
