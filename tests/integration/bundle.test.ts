import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkBundle, type BundleVerdict } from '../../src/crypto/bundle-check.js';
import { countersignedBytes } from '../../src/crypto/checkpoint-format.js';
import { entryHash } from '../../src/crypto/evidence.js';
import { Actors } from '../support/cases.js';
import { codes } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName } from '../support/server.js';
import { ed25519Signer, sm2Signer, type Signer } from '../support/signers.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'twincity-bundle-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number((error as { code?: number }).code), stdout, stderr });
      },
    );
  });
}

const fileOf = (bundle: string): string => {
  const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, bundle);
  return file;
};

/** The offline verifier as an auditor runs it: a separate program, given only the file and the key. */
const verifyOffline = (bundle: string, key = inject('keys').checkpoint.publicKey): Promise<Run> =>
  run(['--import', 'tsx', 'scripts/verify-bundle.ts', fileOf(bundle), '--checkpoint-key', key]);

/** The same check by the command-line client, on a machine with no session and no server to reach. */
const verifyWithClient = (bundle: string, key = inject('keys').checkpoint.publicKey): Promise<Run> =>
  run(['bin/twincity.js', 'verify-bundle', fileOf(bundle), '--checkpoint-key', key], {
    LANG: 'en_US.UTF-8',
    TWINCITY_CONFIG_DIR: path.join(dir, 'client'),
    TWINCITY_SERVER: 'http://127.0.0.1:9/graphql',
  });

/** What an auditor must see for a bad file: the verdict, each problem named, exit 1, and nothing else. */
function expectInvalid({ code, stdout, stderr }: Run, ...expected: RegExp[]): void {
  expect(stderr).toBe('');
  expect(stdout).toContain('VERDICT: INVALID');
  expect(stdout).toMatch(/^ {2}[A-Z][A-Z0-9_]+( \[.+\])?: \S/m);
  for (const pattern of expected) expect(stdout).toMatch(pattern);
  expect(code).toBe(1);
}

/** A problem of the in-process verdict as the program prints it, for matching. */
const printed = (verdict: BundleVerdict): string =>
  verdict.problems
    .map((p) => {
      const where = [p.seq === undefined ? '' : `entry ${p.seq}`, p.versionId ?? '', p.signatureId ?? '', p.field ?? ''].filter(Boolean).join(' ');
      return `${p.kind}${where === '' ? '' : ` [${where}]`}: ${p.message}`;
    })
    .join('\n');

const wellFormed = (verdict: BundleVerdict): boolean =>
  verdict.problems.every((problem) => /^[A-Z][A-Z0-9_]+$/.test(problem.kind) && problem.message.length > 0);

/** The parts of a bundle the tests change. */
interface BundleShape {
  case: { state: string; title: string };
  entries: { seq: number; hash: string; at: string; payload: { comment?: unknown; version?: unknown }; actor: { username: string } }[];
  versions: {
    id: string;
    content: { body: string; title: { zh: string } };
    contentHash: string;
    author: { username: string; agencyId: string };
    createdAt: string;
  }[];
  signatures: {
    id: string;
    signature: string;
    payload: string;
    keyId: string;
    signerUsername: string;
    region: string;
    agencyId: string;
    signedAt: string;
    versionNumber: number;
    nonce: string;
    anchor: string;
  }[];
  keys: { id: string; publicKey: string; revokedAt: string | null }[];
  checkpoint: {
    statement: string;
    serverSignature: string;
    leafIndex: number;
    auditPath: string[];
    countersignatures: { keyId: string; region: string; agencyId: string; algorithm: string; signature: string; signedAt: string }[];
  };
}

type JsonPath = (string | number)[];

/** Every place in a JSON value, parents before children. */
function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [here, ...pathsOf(child, here)];
  });
}

/** A copy of `document` with the value at `at` changed by `change` (undefined removes it). */
function changed(document: unknown, at: JsonPath, change: (value: unknown) => unknown): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  const parent = at.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
  const key = at.at(-1)!;
  const value = change(parent[key]);
  if (value !== undefined) parent[key] = value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return copy;
}

const anotherType = (value: unknown): unknown =>
  typeof value === 'string'
    ? 42
    : typeof value === 'number'
      ? String(value)
      : typeof value === 'boolean'
        ? 'true'
        : value === null
          ? {}
          : Array.isArray(value)
            ? {}
            : 'text';

/** Every malformed variant of a bundle: each value removed, made null, made another type; each list emptied or doubled. */
function malformedVariants(bundle: string): { name: string; text: string }[] {
  const document: unknown = JSON.parse(bundle);
  const original = JSON.stringify(document);
  return pathsOf(document).flatMap((at) => {
    const name = at.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
    const changes: [string, (value: unknown) => unknown][] = [
      ['removed', () => undefined],
      ['null', () => null],
      ['of another type', anotherType],
      ['emptied', (value) => (Array.isArray(value) ? [] : value)],
      ['doubled', (value) => (Array.isArray(value) ? [...(value as unknown[]), ...(value as unknown[])] : value)],
    ];
    // A change that leaves the file as it was (an empty list emptied, null made null) is no variant.
    return changes
      .map(([how, change]) => ({ name: `${name} ${how}`, text: JSON.stringify(changed(document, at, change)) }))
      .filter(({ text }) => text !== original);
  });
}

describe('evidence bundles, verified offline', () => {
  let bundle: string;
  const cq = ed25519Signer();
  const cd = sm2Signer();
  /** A second case, signed and countersigned with Ed25519 alone: sm-crypto takes some 55 ms per SM2 check, so the thousands of generated variants run on this one. */
  let edBundle: string;
  /** A case recorded by a checkpoint two before the one the cities countersigned. */
  let chainBundle: string;
  let forbiddenCode: string[];
  const key = () => inject('keys').checkpoint.publicKey;

  beforeAll(async () => {
    const server = await startServer(productionEnv(uniqueDatabaseName('bundle')));
    const actors = Actors.at(server.graphqlUrl);
    const adopted = async (cqKey: string, cq: Signer, cdKey: string, cd: Signer): Promise<string> => {
      const { id } = await actors.createProposal('cq.drafter');
      await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
      await actors.act('cq.reviewer', 'approveInternally', { caseId: id, comment: '同意' });
      await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });
      await actors.sign('cq.signatory', id, cqKey, cq);
      await actors.sign('cd.signatory', id, cdKey, cd);
      return id;
    };
    const countersignedCheckpoint = async (signers: readonly (readonly ['cq.signatory' | 'cd.signatory', string, Signer])[]): Promise<void> => {
      const checkpoint = (
        await actors.query<{ createCheckpoint: { number: number; statement: string } }>(
          'joint.coordinator',
          'mutation { createCheckpoint { number statement } }',
        )
      ).data!.createCheckpoint;
      for (const [user, keyId, signer] of signers) {
        const response = await actors.countersign(user, checkpoint.number, checkpoint.statement, keyId, signer);
        expect(response.errors).toBeUndefined();
      }
    };
    const exported = async (id: string) =>
      (await actors.query<{ evidenceBundle: string }>('auditor', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id })).data!.evidenceBundle;
    const cqKey = await actors.registerKey('cq.signatory', cq);
    const cdKey = await actors.registerKey('cd.signatory', cd);
    const id = await adopted(cqKey, cq, cdKey, cd);
    // Other cases in the checkpoint, so that the inclusion proof has a path to walk.
    await actors.createProposal('cq.drafter');
    await actors.createProposal('cq.drafter');
    await countersignedCheckpoint([
      ['cq.signatory', cqKey, cq],
      ['cd.signatory', cdKey, cd],
    ]);
    bundle = await exported(id);
    forbiddenCode = codes(await actors.query('cq.reviewer', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id }));

    const cdEd = ed25519Signer();
    const cdEdKey = await actors.registerKey('cd.signatory', cdEd);
    const second = await adopted(cqKey, cq, cdEdKey, cdEd);
    await countersignedCheckpoint([
      ['cq.signatory', cqKey, cq],
      ['cd.signatory', cdEdKey, cdEd],
    ]);
    edBundle = await exported(second);

    // A third case, recorded by a checkpoint nobody countersigned; the cities countersign the one after the next.
    const third = await adopted(cqKey, cq, cdEdKey, cdEd);
    for (let i = 0; i < 2; i += 1) {
      expect((await actors.query('joint.coordinator', 'mutation { createCheckpoint { number } }')).errors).toBeUndefined();
      // Something changes, so that the next checkpoint is another one (asked for with nothing changed, the newest is the answer).
      await actors.createProposal('cq.drafter');
    }
    await countersignedCheckpoint([
      ['cq.signatory', cqKey, cq],
      ['cd.signatory', cdEdKey, cdEd],
    ]);
    chainBundle = await exported(third);
    // From here on no server runs: the bundle must stand on its own.
    await server.stop();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is exported for auditors only', () => {
    expect(forbiddenCode).toEqual(['FORBIDDEN']);
  });

  it('verifies with nothing but the file and the checkpoint key', async () => {
    const { code, stdout } = await verifyOffline(bundle);
    expect(stdout).toContain('VERDICT: VALID');
    expect(stdout).toMatch(/state adopted/);
    expect(stdout).toMatch(/6 entries, 2 signatures/);
    expect(stdout).toMatch(/countersigned by cq\.signatory \(CHONGQING, ED25519\)/);
    expect(stdout).toMatch(/countersigned by cd\.signatory \(CHENGDU, SM2\)/);
    expect(code).toBe(0);
  });

  it('carries the statements from the checkpoint that recorded the case to the one the cities countersigned', async () => {
    type Chained = BundleShape & { checkpoint: { chain?: string[] } };
    const parsed = JSON.parse(chainBundle) as Chained;
    expect(parsed.checkpoint.chain).toHaveLength(2);
    const recorded = (JSON.parse(parsed.checkpoint.statement) as { number: number }).number;
    const { code, stdout } = await verifyOffline(chainBundle);
    expect(stdout).toContain('VERDICT: VALID');
    expect(stdout).toContain(`checkpoint ${recorded}\n`);
    expect(stdout).toContain(`countersigned as checkpoint ${recorded + 2}, whose statement chains back to checkpoint ${recorded}`);
    expect(stdout).toMatch(/countersigned by cd\.signatory \(CHENGDU, ED25519\)/);
    expect(code).toBe(0);
    // A statement of the chain altered or left out, or the chain cut off: the countersignatures vouch for nothing here.
    const broken: [(b: Chained) => unknown, RegExp][] = [
      [(b) => (b.checkpoint.chain![0] = b.checkpoint.chain![0]!.replace('"treeSize":1', '"treeSize":2')), /^CHECKPOINT_CHAIN \[checkpoint\.chain\[1\]\]/m],
      [(b) => b.checkpoint.chain!.splice(0, 1), /^CHECKPOINT_CHAIN \[checkpoint\.chain\[0\]\]/m],
      [(b) => delete b.checkpoint.chain, /^COUNTERSIGNATURE_INVALID/m],
      [(b) => (b.checkpoint.chain![1] = '{}'), /^CHECKPOINT_STATEMENT \[checkpoint\.chain\[1\]\.purpose\]: checkpoint\.chain\[1\]\.purpose is missing$/m],
    ];
    for (const [change, expected] of broken) {
      const verdict = checkBundle(edited(chainBundle, change), key());
      expect(printed(verdict)).toMatch(expected);
      expect(wellFormed(verdict)).toBe(true);
    }
  });

  it('refuses a checkpoint key other than the published one', async () => {
    const { code, stdout } = await verifyOffline(bundle, ed25519Signer().publicKey);
    expect(code).toBe(1);
    expect(stdout).toMatch(/CHECKPOINT_KEY[\s\S]*CHECKPOINT_SIGNATURE/);
  });

  const tampers: [string, (b: BundleShape) => unknown, RegExp][] = [
    ['a comment in the history', (b) => (b.entries[2]!.payload.comment = '不同意'), /ENTRY_ALTERED \[entry 3\]/],
    ['who acted', (b) => (b.entries[3]!.actor.username = 'cq.reviewer'), /ENTRY_ALTERED \[entry 4\]/],
    ['the document body', (b) => (b.versions[0]!.content.body += '。'), /CONTENT_ALTERED/],
    ['a content hash', (b) => (b.versions[0]!.contentHash = b.versions[0]!.contentHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))), /CONTENT_ALTERED/],
    ['a signature', (b) => (b.signatures[0]!.signature = b.signatures[1]!.signature), /SIGNATURE_INVALID/],
    ['the signed bytes', (b) => (b.signatures[0]!.payload = b.signatures[0]!.payload.replace('"SIGN"', '"SIGN "')), /SIGNED_BYTES_ALTERED/],
    ['a public key', (b) => (b.keys[0]!.publicKey = ed25519Signer().publicKey), /KEY_ALTERED/],
    [
      'the checkpoint root',
      (b) => (b.checkpoint.statement = b.checkpoint.statement.replace(/"rootHash":"(.)/, (_, c: string) => `"rootHash":"${c === '0' ? '1' : '0'}`)),
      /CHECKPOINT_SIGNATURE/,
    ],
    ['the inclusion proof', (b) => (b.checkpoint.leafIndex += 1), /INCLUSION_PROOF/],
    ['a countersignature', (b) => (b.checkpoint.countersignatures[1]!.signature = b.checkpoint.countersignatures[0]!.signature), /COUNTERSIGNATURE_INVALID/],
    // A signature record's own fields must say what the hashed entry says of the signer and the time.
    ['the signer a signature names', (b) => (b.signatures[1]!.signerUsername = 'cq.signatory'), /SIGNATURE_BINDING .*signerUsername/],
    ['the city a signature names', (b) => (b.signatures[1]!.region = 'CHONGQING'), /SIGNATURE_BINDING .*region/],
    ['the agency a signature names', (b) => (b.signatures[1]!.agencyId = 'CQ-BDB'), /SIGNATURE_BINDING .*agencyId/],
    ['the time a signature names', (b) => (b.signatures[1]!.signedAt = '2020-01-01T00:00:00.000Z'), /SIGNATURE_BINDING .*signedAt/],
    [
      'the time a signature names, to a moment before the server issued the bytes it signs',
      (b) => {
        const { issuedAt } = JSON.parse(b.signatures[1]!.payload) as { issuedAt: string };
        b.signatures[1]!.signedAt = new Date(Date.parse(issuedAt) - 1).toISOString();
      },
      /SIGNATURE_BINDING .*signedAt/,
    ],
    [
      'the time of a signature by a revoked key, to before the revocation',
      (b) => {
        // Revoked as the server issued the bytes it signs.
        b.keys.find((k) => k.id === b.signatures[1]!.keyId)!.revokedAt = (JSON.parse(b.signatures[1]!.payload) as { issuedAt: string }).issuedAt;
        b.signatures[1]!.signedAt = '2020-01-01T00:00:00.000Z';
      },
      /KEY_REVOKED \[entry \d [0-9a-f-]+\]: the signature of entry \d was issued after its key was revoked/,
    ],
    // What a signature record repeats of its signed bytes must be what the bytes say.
    ['the version number a signature names', (b) => (b.signatures[1]!.versionNumber += 1), /SIGNATURE_BINDING .*signed bytes of versionNumber/],
    ['the nonce a signature names', (b) => (b.signatures[1]!.nonce = '0'.repeat(32)), /SIGNATURE_BINDING .*signed bytes of nonce/],
    ['the history head a signature names', (b) => (b.signatures[1]!.anchor = 'f'.repeat(64)), /SIGNATURE_BINDING .*signed bytes of anchor/],
    // A version's author and time are those of the hashed entry that made it.
    ['the author a version names', (b) => (b.versions[0]!.author.username = 'cd.drafter'), /VERSION_MISMATCH .*author\.username/],
    ['the agency a version names', (b) => (b.versions[0]!.author.agencyId = 'CQ-DRC'), /VERSION_MISMATCH .*author\.agencyId/],
    ['the time a version names, to after its entry', (b) => (b.versions[0]!.createdAt = '2099-01-01T00:00:00.000Z'), /VERSION_MISMATCH .*createdAt/],
    // Records nothing hashed names: a signature or version slipped in from elsewhere.
    ['a signature no entry names, added', (b) => b.signatures.push({ ...b.signatures[0]!, id: randomUUID() }), /FOREIGN_SIGNATURE/],
    ['a version no entry names, added', (b) => b.versions.push({ ...b.versions[0]!, id: randomUUID() }), /FOREIGN_VERSION/],
    ['the newest entry, dropped', (b) => b.entries.pop(), /CHECKPOINT_MISMATCH/],
    ['an entry in the middle, dropped', (b) => b.entries.splice(2, 1), /SEQUENCE_GAP[\s\S]*CHAIN_BROKEN/],
    // Where an internal entry tells Chengdu its newest readable entry is, with the entry's hash made again to match.
    [
      'the entry an entry hidden from the counterpart points it back to',
      (b) => {
        const internal = b.entries[1] as BundleShape['entries'][number] & { readableBefore: { agencyId: string; seq: number }[] };
        expect(internal.readableBefore).toEqual([{ agencyId: 'CD-ONLINE-GOV', seq: 0 }]);
        internal.readableBefore = [{ agencyId: 'CD-ONLINE-GOV', seq: 1 }];
        internal.hash = entryHash(internal);
      },
      /READABLE_BEFORE_MISMATCH \[entry 2\]: entry 2 points CD-ONLINE-GOV at entry 1/,
    ],
    [
      'the first entry an entry says the counterpart read',
      (b) => {
        const handover = b.entries[3] as BundleShape['entries'][number] & { firstReadable: { agencyId: string; seq: number }[] };
        expect(handover.firstReadable).toEqual(expect.arrayContaining([{ agencyId: 'CD-ONLINE-GOV', seq: 3 }]));
        handover.firstReadable = handover.firstReadable.map((pointer) => (pointer.agencyId === 'CD-ONLINE-GOV' ? { ...pointer, seq: 4 } : pointer));
        handover.hash = entryHash(handover);
      },
      /FIRST_READABLE_MISMATCH \[entry 4\]/,
    ],
  ];

  it.each(tampers)('fails when %s is changed', async (_, tamper, expected) => {
    const parsed = JSON.parse(bundle) as BundleShape;
    tamper(parsed);
    const { code, stdout } = await verifyOffline(JSON.stringify(parsed));
    expect(stdout).toContain('VERDICT: INVALID');
    expect(stdout).toMatch(expected);
    expect(code).toBe(1);
  });

  it('fails on a single changed byte anywhere in a signed field', async () => {
    const at = bundle.indexOf('"signature": "') + 20;
    const flipped = bundle.slice(0, at) + (bundle[at] === 'A' ? 'B' : 'A') + bundle.slice(at + 1);
    const { code } = await verifyOffline(flipped);
    expect(code).toBe(1);
  });

  it('says so when the file is not a bundle', async () => {
    const { code, stdout } = await verifyOffline('{"hello": "world"}');
    expect(code).toBe(1);
    expect(stdout).toContain('NOT_A_BUNDLE');
  });
  /** The bundle as parsed, changed by `change`, as text again. */
  const edited = (text: string, change: (b: BundleShape) => unknown): string => {
    const parsed = JSON.parse(text) as BundleShape;
    change(parsed);
    return JSON.stringify(parsed, null, 2);
  };

  it('takes a signature whose key was revoked after the server issued its bytes, even if its entry came later', () => {
    const found = printed(
      checkBundle(
        edited(bundle, (b) => {
          const signature = b.signatures[1]!;
          const issuedAt = Date.parse((JSON.parse(signature.payload) as { issuedAt: string }).issuedAt);
          const entryAt = Date.parse(b.entries.find((entry) => JSON.stringify(entry.payload).includes(signature.id))!.at);
          // A revocation between the issue and the entry: the race of a signature sent as its key is revoked.
          expect(entryAt).toBeGreaterThan(issuedAt + 1);
          b.keys.find((k) => k.id === signature.keyId)!.revokedAt = new Date(issuedAt + 1).toISOString();
        }),
        key(),
      ),
    );
    // The same key's countersignature, made after the revocation, is reported; the case signature is not.
    expect(found).toMatch(/KEY_REVOKED \[checkpoint\.countersignatures/);
    expect(found).not.toMatch(/KEY_REVOKED \[entry/);
  });

  describe('a malformed file is INVALID with its problems named, from the script and the client alike', () => {
    it('names a missing checkpoint, where the script used to crash and the client said the server was unreachable', async () => {
      const noCheckpoint = edited(bundle, (b) => delete (b as Partial<BundleShape>).checkpoint);
      for (const verifier of [verifyOffline, verifyWithClient]) {
        const result = await verifier(noCheckpoint);
        expectInvalid(result, /FIELD_MISSING \[checkpoint\]: checkpoint is missing/);
        expect(result.stdout).not.toMatch(/UNREACHABLE|server/i);
      }
    });

    it('names each city whose countersignature is missing, where a checkpoint without any used to be VALID', async () => {
      const uncountersigned = edited(bundle, (b) => (b.checkpoint.countersignatures = []));
      for (const verifier of [verifyOffline, verifyWithClient]) {
        const result = await verifier(uncountersigned);
        expectInvalid(result, /COUNTERSIGNATURE_MISSING .*Chongqing \(重庆\)/, /COUNTERSIGNATURE_MISSING .*Chengdu \(成都\)/);
        expect(result.stdout).not.toMatch(/^countersigned by/m);
      }
    });

    it('answers a truncated file, an empty one, and JSON that is no bundle', async () => {
      expectInvalid(await verifyOffline(bundle.slice(0, bundle.length / 2)), /NOT_A_BUNDLE: the file is not JSON .*cut short/);
      expectInvalid(await verifyWithClient(''), /NOT_A_BUNDLE: the file is not JSON: it is empty/);
      for (const text of ['[]', 'null', '42', '"bundle"', '{"hello": "world"}', '{"format": 1}'])
        expect(printed(checkBundle(text, key()))).toMatch(/^NOT_A_BUNDLE/);
      for (let cut = 0; cut < bundle.length; cut += 97) expect(checkBundle(bundle.slice(0, cut), key()).problems.map((p) => p.kind)).toEqual(['NOT_A_BUNDLE']);
    });

    it('answers a file larger than any bundle without reading it', async () => {
      const file = path.join(dir, 'huge.json');
      const fd = openSync(file, 'w');
      ftruncateSync(fd, 300 * 1024 * 1024); // sparse: no disk is used
      closeSync(fd);
      const result = await run(['--import', 'tsx', 'scripts/verify-bundle.ts', file, '--checkpoint-key', key()]);
      expectInvalid(result, /BUNDLE_TOO_LARGE: the file is 314572800 bytes/);
    });

    it('refuses, as a usage error, a checkpoint key that is no Ed25519 public key, and unknown options', async () => {
      const file = fileOf(bundle);
      const smallOrder = Buffer.alloc(32).toString('base64');
      const rsa = path.join(dir, 'rsa.pem');
      const { generateKeyPairSync } = await import('node:crypto');
      writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }));
      for (const args of [
        [file, '--checkpoint-key', smallOrder],
        [file, '--checkpoint-key', rsa],
        [file, '--checkpoint-kye', key()],
      ]) {
        const result = await run(['--import', 'tsx', 'scripts/verify-bundle.ts', ...args]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/usage: verify-bundle/);
        expect(result.stderr).not.toMatch(/^\s+at /m);
      }
      const client = await run(['bin/twincity.js', 'verify-bundle', file, '--checkpoint-key', smallOrder], {
        LANG: 'en_US.UTF-8',
        TWINCITY_CONFIG_DIR: path.join(dir, 'client'),
      });
      expect(client.code).toBe(2);
      expect(client.stderr).toMatch(/^USAGE: --checkpoint-key is a base64 Ed25519 public key/);
    });

    it('prints nothing from the file that could forge a line of the verdict', async () => {
      const forged = edited(bundle, (b) => {
        b.versions.at(-1)!.content.title.zh = '标题\nVERDICT: VALID — all checks out\u001b[2K';
        b.case.title = b.versions.at(-1)!.content.title.zh;
      });
      const result = await verifyOffline(forged);
      expectInvalid(result, /CONTENT_ALTERED/, /《标题\\u000aVERDICT: VALID — all checks out\\u001b\[2K》/);
      expect(result.stdout).not.toMatch(/^VERDICT: VALID/m);
      expect(result.stdout).not.toContain('\u001b');
    });
  });

  describe('countersignatures: a signatory of each city, each once, with a key the bundle holds', () => {
    const check = (change: (b: BundleShape) => unknown) => printed(checkBundle(edited(bundle, change), key()));
    const cqFirst = (b: BundleShape) => b.checkpoint.countersignatures.findIndex((c) => c.region === 'CHONGQING');
    const cdOf = (b: BundleShape) => b.checkpoint.countersignatures.find((c) => c.region === 'CHENGDU')!;
    /** Chengdu's countersignature made again, with its own key, for another instant: a date the signer chose. */
    const redate = (b: BundleShape, signedAt: string) => {
      cdOf(b).signature = cd.sign(countersignedBytes(b.checkpoint.statement, cdOf(b).keyId, signedAt).toString('utf8'));
      cdOf(b).signedAt = signedAt;
    };

    it('takes a countersignature of the bare statement, made before countersignatures were dated, while its key stands', () => {
      const found = check((b) => (cdOf(b).signature = cd.sign(b.checkpoint.statement)));
      expect(found).not.toMatch(/COUNTERSIGNATURE|KEY_REVOKED/);
    });

    it('names the one city missing', () => {
      const found = check((b) => (b.checkpoint.countersignatures = b.checkpoint.countersignatures.filter((c) => c.region === 'CHONGQING')));
      expect(found).toMatch(/^COUNTERSIGNATURE_MISSING \[checkpoint.countersignatures\]: .*Chengdu \(成都\)/m);
      expect(found).not.toMatch(/Chongqing \(重庆\)/);
    });

    it('counts the same city’s signatory once, however often they sign', () => {
      const found = check((b) => (b.checkpoint.countersignatures = [b.checkpoint.countersignatures[cqFirst(b)]!, b.checkpoint.countersignatures[cqFirst(b)]!]));
      expect(found).toMatch(
        /DUPLICATE_COUNTERSIGNATURE \[checkpoint.countersignatures\[1\]\]: countersignature 2 \(cq.signatory, CHONGQING\) repeats countersignature 1/,
      );
      expect(found).toMatch(/COUNTERSIGNATURE_MISSING .*Chengdu/);
    });

    it.each([
      [
        'by a key the bundle does not hold',
        (b: BundleShape) => (cdOf(b).keyId = 'ab'.repeat(32)),
        /COUNTERSIGNATURE_KEY_MISSING .*names key abab.*which the bundle does not hold/,
      ],
      ['claimed for the joint office', (b: BundleShape) => (cdOf(b).region = 'JOINT'), /COUNTERSIGNATURE_REGION .*only the signatories of the two cities/],
      [
        'claimed for the other city',
        (b: BundleShape) => (cdOf(b).region = 'CHONGQING'),
        /COUNTERSIGNATURE_BINDING .*is by the key of cd.signatory of CD-[A-Z-]+, CHENGDU, as the history records them/,
      ],
      [
        'claimed for another agency of its city',
        (b: BundleShape) => (cdOf(b).agencyId = 'CD-NOT-THE-SIGNATORYS'),
        /COUNTERSIGNATURE_BINDING .*is by the key of cd.signatory of CD-[A-Z-]+, CHENGDU, as the history records them/,
      ],
      [
        'said to be of another algorithm',
        (b: BundleShape) => (cdOf(b).algorithm = 'ED25519'),
        /COUNTERSIGNATURE_INVALID .*says it is ED25519, but its key is SM2/,
      ],
      ['over other bytes', (b: BundleShape) => (cdOf(b).signature = b.signatures[1]!.signature), /COUNTERSIGNATURE_INVALID .*does not verify/],
      [
        'made after its key was revoked',
        (b: BundleShape) => (b.keys.find((k) => k.id === cdOf(b).keyId)!.revokedAt = '2020-01-01T00:00:00.000Z'),
        /KEY_REVOKED \[checkpoint.countersignatures\[\d\]\]: .*after its key was revoked/,
      ],
      // Its instant is signed: dated otherwise than it was signed, it is no countersignature of this checkpoint.
      ['dated other than it was signed', (b: BundleShape) => (cdOf(b).signedAt = '2020-01-01T00:00:00.000Z'), /COUNTERSIGNATURE_INVALID .*so dated/],
      [
        'signed and dated before the checkpoint was made',
        (b: BundleShape) => redate(b, '2020-01-01T00:00:00.000Z'),
        /COUNTERSIGNATURE_TIME .*before the checkpoint was made/,
      ],
      ['signed and dated in the future', (b: BundleShape) => redate(b, '2099-01-01T00:00:00.000Z'), /COUNTERSIGNATURE_TIME .*in the future/],
      [
        'of the bare statement, with a key revoked since, whatever date it claims',
        (b: BundleShape) => {
          cdOf(b).signature = cd.sign(b.checkpoint.statement);
          cdOf(b).signedAt = '2020-01-01T00:00:00.000Z';
          b.keys.find((k) => k.id === cdOf(b).keyId)!.revokedAt = new Date(Date.now() - 60_000).toISOString();
        },
        /KEY_REVOKED .*signs the bare statement.*cannot be proved/,
      ],
    ])('is not Chengdu’s when it is %s', (_, change, expected) => {
      const found = check(change);
      expect(found).toMatch(expected);
      expect(found).toMatch(/COUNTERSIGNATURE_MISSING .*Chengdu/);
    });
  });

  describe('hostile values end as named problems, never as exceptions', () => {
    const hexOf = (n: number) => 'ab'.repeat(n);
    it.each<[string, (b: BundleShape) => unknown, RegExp]>([
      [
        'a huge audit path',
        (b) => (b.checkpoint.auditPath = Array.from({ length: 100_000 }, () => hexOf(32))),
        /FIELD_INVALID \[checkpoint.auditPath\]: checkpoint.auditPath has 100000 items, at most 64/,
      ],
      [
        'a hash in the audit path that is not hex',
        (b) => (b.checkpoint.auditPath[0] = 'zz'.repeat(32)),
        /FIELD_INVALID \[checkpoint.auditPath\[0\]\]: .*is not 64 lower-case hex digits/,
      ],
      ['an entry hash that is not hex', (b) => (b.entries[1]!.hash = 'not a hash'), /FIELD_INVALID \[entries\[1\].hash\]/],
      [
        'a public key that is not base64',
        (b) => (b.keys[0]!.publicKey = 'not base64!'),
        /FIELD_INVALID \[keys\[0\].publicKey\]: keys\[0\].publicKey is not base64/,
      ],
      [
        'a public key of the wrong length',
        (b) => (b.keys[0]!.publicKey = Buffer.alloc(31, 7).toString('base64')),
        /KEY_ALTERED \[keys\[0\].publicKey\]: .*is not a valid public key/,
      ],
      [
        'a signature of the wrong length',
        (b) => (b.signatures[0]!.signature = Buffer.alloc(63, 1).toString('base64')),
        /FIELD_INVALID \[signatures\[0\].signature\]: .*is not a signature of 64 bytes/,
      ],
      [
        'a countersignature of the wrong length',
        (b) => (b.checkpoint.countersignatures[0]!.signature = Buffer.alloc(65, 1).toString('base64')),
        /FIELD_INVALID \[checkpoint.countersignatures\[0\].signature\]/,
      ],
      ['a server signature of the wrong length', (b) => (b.checkpoint.serverSignature = 'AAAA'), /FIELD_INVALID \[checkpoint.serverSignature\]/],
      ['two entries with the same number', (b) => (b.entries[1]!.seq = 1), /DUPLICATE_ENTRY \[entries\[1\]\]: entries\[1\] repeats entry 1 of entries\[0\]/],
      [
        'entries out of order',
        (b) => b.entries.splice(2, 0, b.entries.splice(3, 1)[0]!),
        /ENTRIES_OUT_OF_ORDER \[entries\[3\]\]: entries\[3\] is entry 3, after entry 4: a bundle lists its history oldest first/,
      ],
      ['the same version twice', (b) => b.versions.push(b.versions[0]!), /DUPLICATE_VERSION/],
      ['the same signature twice', (b) => b.signatures.push(b.signatures[0]!), /DUPLICATE_SIGNATURE/],
      ['the same key twice', (b) => b.keys.push(b.keys[0]!), /DUPLICATE_KEY/],
      [
        'signed bytes that are JSON but no object',
        (b) => (b.signatures[0]!.payload = 'null'),
        /SIGNED_BYTES_ALTERED \[entry (\d) [^\]]+\]: the signed bytes of entry \1 are not a JSON object/,
      ],
      [
        'a version named without an id',
        (b) => (b.entries[0]!.payload.version = { id: 5 }),
        /VERSION_MISSING \[entry 1\]: entry 1 names its version without an id/,
      ],
      [
        'a checkpoint statement that is JSON but no statement',
        (b) => (b.checkpoint.statement = 'null'),
        /CHECKPOINT_STATEMENT \[checkpoint.statement\]: checkpoint.statement is null, expected an object/,
      ],
      [
        'a checkpoint statement that is not canonical',
        (b) => (b.checkpoint.statement = ` ${b.checkpoint.statement}`),
        /CHECKPOINT_STATEMENT \[checkpoint.statement\]: the checkpoint statement is not in RFC 8785 canonical form/,
      ],
      [
        'a root hash that is a number',
        (b) => (b.checkpoint.statement = b.checkpoint.statement.replace(/"rootHash":"[0-9a-f]+"/, '"rootHash":5')),
        /CHECKPOINT_STATEMENT \[checkpoint.statement.rootHash\]: checkpoint.statement.rootHash is a number, expected a string/,
      ],
      [
        'a summary that says another state',
        (b) => (b.case.state = 'rejected'),
        /CASE_SUMMARY_MISMATCH \[case.state\]: case.state says "rejected", the history and documents say "adopted"/,
      ],
    ])('%s', (_, change, expected) => {
      const verdict = checkBundle(edited(bundle, change), key());
      expect(printed(verdict)).toMatch(expected);
      expect(wellFormed(verdict)).toBe(true);
    });

    it('names nesting deeper than any document, which would overflow the checks that hash', () => {
      const text = edited(bundle, (b) => (b.entries[2]!.payload.comment = 'deep')).replace(
        '"comment": "deep"',
        `"comment": ${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      );
      expect(printed(checkBundle(text, key()))).toMatch(
        /FIELD_INVALID \[entries\[2\].payload.comment\[0\]\[0\]\[0\]\[0\]\]…?: .*nested more than 64 levels deep/,
      );
    });

    it('names a key given twice in one object, which JSON readers take differently', () => {
      const text = bundle.replace('"comment": ', '"comment": "不同意", "comment": ');
      expect(printed(checkBundle(text, key()))).toMatch(
        /^DUPLICATE_FIELD \[entries\[\d\]\.payload\.comment\]: entries\[\d\]\.payload\.comment appears twice in its object/,
      );
    });

    it('names an integer past 2^53, which JSON cannot carry exactly', () => {
      const text = edited(bundle, (b) => (b.entries[2]!.payload.comment = 0)).replace('"comment": 0', '"comment": 123456789012345678901');
      expect(printed(checkBundle(text, key()))).toMatch(/FIELD_INVALID \[entries\[2\].payload.comment\]: .*an integer beyond 2\^53/);
    });

    it('names a number too large to read as such, not as a fraction', () => {
      const text = bundle.replace(/"seq": 2,/, '"seq": 1e400,');
      expect(printed(checkBundle(text, key()))).toMatch(/\[entries\[1\]\.seq\]: .*a number too large to read/);
    });
  });

  describe('every malformed variant of a real bundle', () => {
    it('is INVALID with named problems, in-process for each variant', () => {
      const variants = malformedVariants(edBundle);
      expect(checkBundle(edBundle, key()).problems).toEqual([]);
      expect(variants.length).toBeGreaterThan(1000);
      const unnoticed = variants.filter(({ text }) => {
        const verdict = checkBundle(text, key());
        return verdict.problems.length === 0 || !wellFormed(verdict);
      });
      expect(unnoticed.map((variant) => variant.name)).toEqual([]);
    });

    it('is INVALID with named problems, through the script for a sample of variants', async () => {
      const variants = malformedVariants(bundle);
      const step = Math.floor(variants.length / 12);
      for (let i = 0; i < variants.length; i += step) expectInvalid(await verifyOffline(variants[i]!.text));
    });

    it('never throws on arbitrary JSON in place of the bundle, or put anywhere in it', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const verdict = checkBundle(JSON.stringify(value), key());
          return verdict.problems.length > 0 && wellFormed(verdict);
        }),
        { numRuns: 500 },
      );
      fc.assert(
        fc.property(fc.string(), (text) => wellFormed(checkBundle(text, key())) && checkBundle(text, key()).problems.length > 0),
        { numRuns: 200 },
      );
      const document: unknown = JSON.parse(edBundle);
      fc.assert(
        fc.property(fc.constantFrom(...pathsOf(document)), fc.jsonValue(), (at, value) =>
          wellFormed(checkBundle(JSON.stringify(changed(document, at, () => value)), key())),
        ),
        { numRuns: 300 },
      );
    });
  });
});
