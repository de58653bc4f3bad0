import type { Bundle, BundleCheckpoint } from './bundle-shape.js';
import type { Problem } from './evidence.js';
import { countersignedBytes } from './checkpoint-format.js';
import { verifySignature } from './signatures.js';

/** The cities that must both countersign a checkpoint (DESIGN §6), as people read them. */
const cities = { CHONGQING: 'Chongqing (重庆)', CHENGDU: 'Chengdu (成都)' } as const;

/** Countersignatures dated later than this past the verifier's own clock are in the future. */
const clockSkewMs = 5 * 60_000;

/**
 * The countersignature rule of an evidence bundle's checkpoint: a signatory of each city signed the dated bytes of
 * the statement (countersignedBytes, as `countersignCheckpoint` in `src/audit/checkpoints.ts` accepts them) with a
 * key the bundle holds, unaltered, of the algorithm it names and not revoked before the instant it signed, which
 * is not before the checkpoint was made nor in the future; one signatory counts once. Neither side, nor the
 * operator, can then show the two cities different histories without it showing. A countersignature of the bare
 * statement (made before countersignatures were dated) carries an instant nobody signed: it counts only while
 * its key has never been revoked, since when it was made cannot be proved.
 *
 * Which city a countersigning key belongs to is what the bundle says of it; when the key's holder acted in the
 * case, the hashed history says who they are and where they work (username, agency, city), and the three must agree. `usableKeys` are the bundle's keys
 * that match their fingerprints. Answers who countersigned, as `username (REGION, ALGORITHM) key ID` (for comparing with
 * the keys each city publishes), and the problems:
 * COUNTERSIGNATURE_KEY_MISSING, COUNTERSIGNATURE_INVALID, COUNTERSIGNATURE_REGION, COUNTERSIGNATURE_BINDING,
 * KEY_REVOKED, COUNTERSIGNATURE_TIME, DUPLICATE_COUNTERSIGNATURE and, per city without a valid countersignature,
 * COUNTERSIGNATURE_MISSING.
 */
export function checkCountersignatures(
  checkpoint: Pick<BundleCheckpoint, 'statement' | 'countersignatures'>,
  checkpointMadeAt: string | undefined,
  keys: ReadonlyMap<string, Bundle['keys'][number]>,
  usableKeys: ReadonlySet<string>,
  entries: Bundle['entries'],
): { countersignedBy: string[]; problems: Problem[] } {
  const holders = new Map(entries.flatMap(({ actor }) => (actor.userId === undefined ? [] : [[actor.userId, actor] as const])));
  const statement = Buffer.from(checkpoint.statement, 'utf8');
  const madeAt = checkpointMadeAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(checkpointMadeAt);
  const problems: Problem[] = [];
  const countersignedBy: string[] = [];
  const signers = new Map<string, number>();
  const signed = new Set<string>();
  for (const [index, countersignature] of checkpoint.countersignatures.entries()) {
    const field = `checkpoint.countersignatures[${index}]`;
    const who = `countersignature ${index + 1} (${countersignature.username}, ${countersignature.region})`;
    const problem = (kind: string, message: string) => problems.push({ kind, field, message: `${who} ${message}` });
    const key = keys.get(countersignature.keyId);
    if (key === undefined) {
      problem('COUNTERSIGNATURE_KEY_MISSING', `names key ${countersignature.keyId}, which the bundle does not hold`);
      continue;
    }
    const holder = holders.get(key.userId);
    const before = signers.get(key.userId);
    const signedAt = Date.parse(countersignature.signedAt);
    const dated = verifySignature(
      key.algorithm,
      key.publicKey,
      countersignedBytes(checkpoint.statement, countersignature.keyId, countersignature.signedAt),
      countersignature.signature,
    );
    const undated = !dated && verifySignature(key.algorithm, key.publicKey, statement, countersignature.signature);
    const wrong = [
      !usableKeys.has(key.id) && (['COUNTERSIGNATURE_INVALID', `is by key ${key.id}, which is no valid key matching its fingerprint`] as const),
      key.algorithm !== countersignature.algorithm &&
        (['COUNTERSIGNATURE_INVALID', `says it is ${countersignature.algorithm}, but its key is ${key.algorithm}`] as const),
      countersignature.region === 'JOINT' &&
        (['COUNTERSIGNATURE_REGION', 'is by the joint office: only the signatories of the two cities countersign'] as const),
      holder !== undefined &&
        (holder.region !== countersignature.region ||
          holder.username !== countersignature.username ||
          (holder.agencyId !== undefined && holder.agencyId !== countersignature.agencyId)) &&
        ([
          'COUNTERSIGNATURE_BINDING',
          `is by the key of ${holder.username ?? key.userId} of ${holder.agencyId ?? '?'}, ${holder.region ?? 'no city'}, as the history records them`,
        ] as const),
      key.revokedAt !== null && Date.parse(key.revokedAt) <= signedAt && (['KEY_REVOKED', `was made after its key was revoked (${key.revokedAt})`] as const),
      undated &&
        key.revokedAt !== null &&
        ([
          'KEY_REVOKED',
          `signs the bare statement, so its date (${countersignature.signedAt}) is nobody's word, and its key was revoked (${key.revokedAt}): that it was made before cannot be proved`,
        ] as const),
      (signedAt < madeAt || signedAt > Date.now() + clockSkewMs) &&
        ([
          'COUNTERSIGNATURE_TIME',
          `is dated ${countersignature.signedAt}, before the checkpoint was made (${checkpointMadeAt ?? '?'}) or in the future`,
        ] as const),
      !dated &&
        !undated &&
        (['COUNTERSIGNATURE_INVALID', 'does not verify: it is not a signature of this checkpoint statement, so dated, by its key'] as const),
      before !== undefined && (['DUPLICATE_COUNTERSIGNATURE', `repeats countersignature ${before + 1}: the same signatory counts once`] as const),
    ].filter((found) => found !== false);
    for (const [kind, message] of wrong) problem(kind, message);
    signers.set(key.userId, before ?? index);
    if (wrong.length > 0) continue;
    signed.add(countersignature.region);
    countersignedBy.push(`${countersignature.username} (${countersignature.region}, ${key.algorithm}) key ${key.id}`);
  }
  for (const [region, city] of Object.entries(cities)) {
    if (!signed.has(region)) {
      problems.push({
        kind: 'COUNTERSIGNATURE_MISSING',
        field: 'checkpoint.countersignatures',
        message: `the checkpoint is not countersigned by a signatory of ${city}: a checkpoint needs both cities' countersignatures`,
      });
    }
  }
  return { countersignedBy, problems };
}
