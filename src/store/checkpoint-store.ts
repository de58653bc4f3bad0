import type { CaseHead, Checkpoint, Countersignature } from '../cases/model.js';
import { isDuplicateKeyError, type CheckpointDoc, type Database } from './database.js';
import { DuplicateError } from './directory-store.js';

const toCheckpoint = ({ _id, ...rest }: CheckpointDoc): Checkpoint => ({ number: _id, ...rest });

/** Checkpoints, their leaves (one per case head) and the cities' countersignatures. */
export class CheckpointStore {
  constructor(private readonly database: Database) {}

  /** Every case head from the projection, in case id order (the order of the tree's leaves). */
  async caseHeads(): Promise<CaseHead[]> {
    const docs = await this.database.cases
      .find({ seq: { $gt: 0 } })
      .project<{ _id: string; seq: number; headHash: string }>({ seq: 1, headHash: 1 })
      .sort({ _id: 1 })
      .toArray();
    return docs.map((doc) => ({ caseId: doc._id, seq: doc.seq, hash: doc.headHash }));
  }

  async latest(): Promise<Checkpoint | undefined> {
    const [doc] = await this.database.checkpoints.find().sort({ _id: -1 }).limit(1).toArray();
    return doc === undefined ? undefined : toCheckpoint(doc);
  }

  async get(number: number): Promise<Checkpoint | undefined> {
    const doc = await this.database.checkpoints.findOne({ _id: number });
    return doc === null ? undefined : toCheckpoint(doc);
  }

  /** Leaves first, then the checkpoint: the checkpoint insert is the commit point; a loser's leaves are never read. */
  async insert(checkpoint: Checkpoint, heads: readonly CaseHead[]): Promise<void> {
    for (let start = 0; start < heads.length; start += 1000) {
      const batch = heads.slice(start, start + 1000).map((head, offset) => ({ _id: `${checkpoint.id}:${start + offset}`, checkpointId: checkpoint.id, index: start + offset, ...head }));
      await this.database.leaves.insertMany(batch);
    }
    const { number, ...rest } = checkpoint;
    try {
      await this.database.checkpoints.insertOne({ _id: number, ...rest });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('checkpoint exists', { cause: error });
      throw error;
    }
  }

  async leaves(checkpointId: string): Promise<CaseHead[]> {
    const docs = await this.database.leaves.find({ checkpointId }).sort({ index: 1 }).toArray();
    return docs.map(({ caseId, seq, hash }) => ({ caseId, seq, hash }));
  }

  async leaf(checkpointId: string, caseId: string): Promise<(CaseHead & { index: number }) | undefined> {
    const doc = await this.database.leaves.findOne({ checkpointId, caseId });
    return doc === null ? undefined : { caseId: doc.caseId, seq: doc.seq, hash: doc.hash, index: doc.index };
  }

  /** Every head of the case that a committed checkpoint recorded, with the checkpoint's number. */
  async recordedHeads(caseId: string): Promise<(CaseHead & { number: number })[]> {
    const leaves = await this.database.leaves.find({ caseId }).toArray();
    const checkpoints = await this.database.checkpoints
      .find({ id: { $in: [...new Set(leaves.map((leaf) => leaf.checkpointId))] } })
      .project<{ _id: number; id: string }>({ id: 1 })
      .toArray();
    const numbers = new Map(checkpoints.map((checkpoint) => [checkpoint.id, checkpoint._id]));
    return leaves.flatMap((leaf) => {
      const number = numbers.get(leaf.checkpointId);
      return number === undefined ? [] : [{ caseId, seq: leaf.seq, hash: leaf.hash, number }];
    });
  }

  async insertCountersignature({ id, ...countersignature }: Countersignature): Promise<void> {
    try {
      await this.database.countersignatures.insertOne({ _id: id, ...countersignature });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateError('already countersigned', { cause: error });
      throw error;
    }
  }

  async countersignatures(number: number): Promise<Countersignature[]> {
    const docs = await this.database.countersignatures.find({ number }).sort({ signedAt: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}
