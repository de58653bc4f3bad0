import { MongoBulkWriteError } from 'mongodb';
import type { CaseHead, Checkpoint, Countersignature } from './records.js';
import { eachInTurn, isDuplicateKeyError, type CheckpointDoc, type Database, type RecordedHead, type RecordedHeadsDoc } from './database.js';
import { DuplicateError } from './directory-store.js';

const toCheckpoint = ({ _id, recorded: _recorded, ...rest }: CheckpointDoc): Checkpoint => ({ number: _id, ...rest });

/** A case's recorded heads, oldest checkpoint first, each checkpoint once (two servers may record one at once). */
const headsOf = (caseId: string, doc: RecordedHeadsDoc | null): (CaseHead & { number: number })[] => {
  const byNumber = new Map((doc?.heads ?? []).map((head) => [head.number, head]));
  return [...byNumber.values()].sort((a, b) => a.number - b.number).map(({ number, seq, hash }) => ({ caseId, seq, hash, number }));
};

/** Leaves per `checkpointTrees` document: 512 leaves of about 130 bytes each. */
const treeChunkSize = 512;

/**
 * Checkpoints, their trees' leaves and the cities' countersignatures. Everything one case or one checkpoint needs is
 * read by `_id`: a checkpoint's leaves in chunks of `treeChunkSize`, every head the checkpoints recorded of a case
 * from its `recordedHeads` document.
 */
export class CheckpointStore {
  constructor(private readonly database: Database) {}

  /** The head each of `caseIds` has by its projection, each read by `_id`; none for a case without an entry yet. */
  async caseHeadsOf(caseIds: readonly string[]): Promise<CaseHead[]> {
    const docs = await eachInTurn(caseIds, (caseId) => this.database.cases.findOne({ _id: caseId }, { projection: { seq: 1, headHash: 1 } }));
    return docs.flatMap((doc) => (doc === null || doc.seq === 0 ? [] : [{ caseId: doc._id, seq: doc.seq, hash: doc.headHash }]));
  }

  /** The newest head a recorded checkpoint holds of each of `caseIds` that has one, each read by `_id`. */
  async lastRecordedOf(caseIds: readonly string[]): Promise<Map<string, RecordedHead>> {
    const docs = await eachInTurn(caseIds, (caseId) => this.database.recordedHeads.findOne({ _id: caseId }, { projection: { last: 1 } }));
    return new Map(docs.flatMap((doc) => (doc === null ? [] : [[doc._id, doc.last] as const])));
  }

  async latest(): Promise<Checkpoint | undefined> {
    const [doc] = await this.database.checkpoints.find().sort({ _id: -1 }).limit(1).toArray();
    return doc === undefined ? undefined : toCheckpoint(doc);
  }

  async get(number: number): Promise<Checkpoint | undefined> {
    const doc = await this.database.checkpoints.findOne({ _id: number });
    return doc === null ? undefined : toCheckpoint(doc);
  }

  /** Checkpoints whose heads are not yet all in `recordedHeads`, oldest first (`record`). */
  async unrecorded(): Promise<Checkpoint[]> {
    const docs = await this.database.checkpoints
      .find({ recorded: { $ne: true } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map(toCheckpoint);
  }

  /** Leaves first, then the checkpoint: the checkpoint insert is the commit point; a loser's leaves are never read. */
  async insert(checkpoint: Checkpoint, leaves: readonly CaseHead[]): Promise<void> {
    await this.writeTree(checkpoint.id, leaves);
    const { number, ...rest } = checkpoint;
    try {
      await this.database.checkpoints.insertOne({ _id: number, ...rest });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('checkpoint exists', { cause: error });
      throw error;
    }
  }

  /** Writes a tree's chunks; a chunk already there (written by an earlier attempt at the same tree) is kept. */
  private async writeTree(checkpointId: string, leaves: readonly CaseHead[]): Promise<void> {
    for (let chunk = 0; chunk * treeChunkSize < leaves.length; chunk += 1) {
      const part = leaves.slice(chunk * treeChunkSize, (chunk + 1) * treeChunkSize).map(({ caseId, seq, hash }) => ({ caseId, seq, hash }));
      await this.database.trees.insertOne({ _id: `${checkpointId}:${chunk}`, checkpointId, chunk, leaves: part }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    }
  }

  /** A checkpoint's leaves in tree order: one `_id` read per chunk. */
  async leaves(checkpoint: Checkpoint): Promise<CaseHead[]> {
    const leaves: CaseHead[] = [];
    for (let chunk = 0; chunk * treeChunkSize < checkpoint.treeSize; chunk += 1) {
      const doc = await this.database.trees.findOne({ _id: `${checkpoint.id}:${chunk}` });
      if (doc === null) throw new Error(`checkpoint ${checkpoint.number} is missing leaves ${chunk * treeChunkSize}–${(chunk + 1) * treeChunkSize - 1}`);
      leaves.push(...doc.leaves);
    }
    return leaves;
  }

  /**
   * A version 1 checkpoint's leaves, one document each as servers before version 2 wrote them; none for a
   * checkpoint whose leaves `moveLegacyLeaves` has already moved.
   */
  async legacyLeaves(checkpointId: string): Promise<CaseHead[]> {
    const docs = await this.database.leaves.find({ checkpointId }).sort({ index: 1 }).toArray();
    return docs.map(({ caseId, seq, hash }) => ({ caseId, seq, hash }));
  }

  /** Moves a version 1 checkpoint's leaves into its tree chunks, then deletes the old documents. */
  async moveLegacyLeaves(checkpoint: Checkpoint, leaves: readonly CaseHead[]): Promise<void> {
    await this.writeTree(checkpoint.id, leaves);
    await this.database.leaves.deleteMany({ checkpointId: checkpoint.id });
  }

  /**
   * Adds each of a committed checkpoint's leaves to its case's recorded heads, unless it is the head the case's
   * newest recorded one already holds (`last`, as `lastRecordedOf` reads it; kept up to date here), then marks the
   * checkpoint recorded. Done after the commit by the server that made the checkpoint, or by the next server to
   * make one when that one stopped in between. Every write is by `_id`, the one filter FerretDB's SQLite backend
   * reads through an index; two servers recording one checkpoint at once may add a head twice, which
   * `recordedHeads` reads once.
   */
  async record(checkpoint: Checkpoint, leaves: readonly CaseHead[], last: Map<string, RecordedHead>): Promise<void> {
    const fresh = leaves.filter(({ caseId, seq, hash }) => last.get(caseId)?.seq !== seq || last.get(caseId)?.hash !== hash);
    const headOf = ({ seq, hash }: CaseHead): RecordedHead => ({ number: checkpoint.number, seq, hash });
    // A case recorded for the first time gets its document by insert; one another server inserted meanwhile, and
    // every case recorded before, by an update of its `_id`. No upsert: two upserts of one new `_id` at once collide.
    const [first, again] = [fresh.filter((head) => !last.has(head.caseId)), fresh.filter((head) => last.has(head.caseId))];
    for (let start = 0; start < first.length; start += 1000) {
      const docs = first.slice(start, start + 1000).map((head) => ({ _id: head.caseId, heads: [headOf(head)], last: headOf(head) }));
      const taken = await this.database.recordedHeads.insertMany(docs, { ordered: false }).then(
        () => [],
        (error: unknown) => {
          const failed = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
          if (failed.length === 0 || failed.some((writeError) => writeError.code !== 11000)) throw error;
          return failed.map((writeError) => first[start + writeError.index]!);
        },
      );
      again.push(...taken);
    }
    for (let start = 0; start < again.length; start += 1000) {
      const operations = again
        .slice(start, start + 1000)
        .map((head) => ({ updateOne: { filter: { _id: head.caseId }, update: { $push: { heads: headOf(head) }, $set: { last: headOf(head) } } } }));
      await this.database.recordedHeads.bulkWrite(operations, { ordered: false });
    }
    for (const head of fresh) last.set(head.caseId, headOf(head));
    await this.database.checkpoints.updateOne({ _id: checkpoint.number }, { $set: { recorded: true } });
  }

  /** Every head of the case that a committed checkpoint recorded, oldest checkpoint first: one `_id` read. */
  async recordedHeads(caseId: string): Promise<(CaseHead & { number: number })[]> {
    return headsOf(caseId, await this.database.recordedHeads.findOne({ _id: caseId }));
  }

  /** Every case any checkpoint recorded, with its recorded heads as `recordedHeads` gives them, in batches. */
  async *everyRecordedCase(): AsyncGenerator<(CaseHead & { number: number })[][]> {
    let batch: (CaseHead & { number: number })[][] = [];
    for await (const doc of this.database.recordedHeads.find()) {
      batch.push(headsOf(doc._id, doc));
      if (batch.length === 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async insertCountersignature({ id, ...countersignature }: Countersignature): Promise<void> {
    try {
      await this.database.countersignatures.insertOne({ _id: id, ...countersignature });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('already countersigned', { cause: error });
      throw error;
    }
  }

  /** The statements of checkpoints `after` + 1 to `upTo`, in order: one query (a range of `_id` on MongoDB). */
  async statements(after: number, upTo: number): Promise<string[]> {
    const docs = await this.database.checkpoints
      .find({ _id: { $gt: after, $lte: upTo } })
      .project<{ _id: number; statement: string }>({ statement: 1 })
      .toArray();
    return docs.sort((a, b) => a._id - b._id).map((doc) => doc.statement);
  }

  /** The first checkpoint from `number` on that a signatory of each city has countersigned, if any. */
  async firstCountersigned(number: number): Promise<number | undefined> {
    const docs = await this.database.countersignatures
      .find({ number: { $gte: number } })
      .project<{ number: number; region: string }>({ number: 1, region: 1 })
      .toArray();
    const regions = new Map<number, Set<string>>();
    for (const doc of docs) regions.set(doc.number, (regions.get(doc.number) ?? new Set()).add(doc.region));
    const both = [...regions].filter(([, cities]) => cities.has('CHONGQING') && cities.has('CHENGDU')).map(([found]) => found);
    return both.length === 0 ? undefined : Math.min(...both);
  }

  async countersignatures(number: number): Promise<Countersignature[]> {
    const docs = await this.database.countersignatures.find({ number }).sort({ signedAt: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}
