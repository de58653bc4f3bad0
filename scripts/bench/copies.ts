import { randomUUID } from 'node:crypto';
import { BSON, type Document } from 'mongodb';
import type { CaseEvent } from '../../src/store/records.js';
import { entryHash } from '../../src/crypto/evidence.js';
import { CommandScript } from './replay.js';
import type { World } from './world.js';

const { EJSON } = BSON;
/**
 * The documents that make up one case: its history, its summary (in the running cases' list too while it runs) and its
 * document versions. Its history feed slots are added after the feed's newest as the copies go in.
 */
const parts = [
  { collection: 'events', filter: (caseId: string) => ({ caseId }) },
  { collection: 'cases', filter: (caseId: string) => ({ _id: caseId }) },
  { collection: 'activeCases', filter: (caseId: string) => ({ _id: caseId }) },
  { collection: 'documentVersions', filter: (caseId: string) => ({ caseId }) },
];
/** Cases per insert when copying. */
const batch = 250;

/**
 * A case that went through the workflow, kept as its documents and copied under new ids as fast as the database
 * takes inserts. Every copy's history is hashed again along its chain, so a copy verifies, signs and moves on
 * exactly as the original would: it is the same case, made without walking each one through the server.
 */
export class CaseTemplate {
  private constructor(private readonly script: CommandScript) {}

  static async of(world: World, caseId: string): Promise<CaseTemplate> {
    const inserts = await Promise.all(
      parts.map(async ({ collection, filter }) => ({
        commandName: 'insert',
        command: {
          insert: collection,
          documents: await world.raw
            .collection(collection)
            .find(filter(caseId) as never)
            .toArray(),
        },
      })),
    );
    return new CaseTemplate(new CommandScript(inserts, caseId));
  }

  /** One copy's documents by collection, its ids (case, versions, idempotency keys) new and its chain rehashed. */
  copy(caseId: string): Map<string, Document[]> {
    const renamed = new Map<string, string>();
    const rename = (doc: Document): Document => {
      let text = EJSON.stringify(doc, { relaxed: false });
      for (const [from, to] of renamed) text = text.split(from).join(to);
      // Relaxed: numbers come back as the numbers the server hashed, not as BSON Int32 and Double wrappers.
      return EJSON.parse(text, { relaxed: true }) as Document;
    };
    const documents = new Map(this.script.commandsFor(caseId, caseId).map((command) => [command.insert as string, command.documents as Document[]]));
    // Entry by entry: the previous entries' new hashes go in first (prevHash, the snapshot's head), then its own.
    const events = [...(documents.get('events') ?? [])]
      .sort((a, b) => (a.seq as number) - (b.seq as number))
      .map((original) => {
        // The feed position the original's writer claimed is not the copy's: the copy's slots are appended later.
        const { _id: id, feedPosition: _position, ...entry } = rename(original) as { _id: string; feedPosition?: number; at: Date; hash: string };
        const hash = entryHash(entry);
        renamed.set(original.hash as string, hash);
        return { _id: id, ...entry, hash };
      });
    return new Map([...documents].map(([collection, docs]) => [collection, collection === 'events' ? events : docs.map(rename)]));
  }
}

/** Inserts n copies, taking the templates in turn; returns the new cases' ids. */
export async function insertCopies(world: World, templates: readonly CaseTemplate[], n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += batch) {
    const merged = new Map<string, Document[]>();
    for (let i = start; i < Math.min(n, start + batch); i += 1) {
      const caseId = randomUUID();
      ids.push(caseId);
      for (const [collection, documents] of templates[i % templates.length]?.copy(caseId) ?? [])
        merged.set(collection, [...(merged.get(collection) ?? []), ...documents]);
    }
    for (const [collection, documents] of merged) if (documents.length > 0) await world.raw.collection(collection).insertMany(documents, { ordered: false });
    await world.feed.append((merged.get('events') ?? []) as CaseEvent[]);
  }
  return ids;
}
