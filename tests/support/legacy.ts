import type { ProjectPlan } from '../../workflows/joint-project.js';
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
  if (version === undefined || event === undefined || versions.length > 1 || events.length > 1) throw new Error('only a project just created has one version and one entry');
  const content = { ...version.content, project: { ...version.content.project!, budget } };
  const contentHash = canonicalHash(content);
  await database.versions.replaceOne({ _id: version._id }, { ...version, content, contentHash });
  // The payload and the snapshot hold JSON only (times as ISO strings): the version's hash is replaced as text.
  const rehashed = <T>(value: T): T => JSON.parse(JSON.stringify(value).split(version.contentHash).join(contentHash)) as T;
  const { _id, hash: _hash, feedPosition: _position, ...entry } = { ...event, payload: rehashed(event.payload), snapshot: rehashed(event.snapshot) };
  (entry.snapshot.context as unknown as { plan: ProjectPlan }).plan.budget = budget;
  const hash = entryHash(entry);
  await database.events.replaceOne({ _id }, { ...entry, hash });
  // Projections of then did not carry their head entry: it is read by `_id`.
  await database.cases.updateOne({ _id: caseId }, { $set: { headHash: hash }, $unset: { head: '' } });
}
