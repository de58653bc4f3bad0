import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Actors } from '../support/cases.js';
import { codes } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'twincity-bundle-'));

/** The offline verifier as an auditor runs it: a separate program, given only the file and the key. */
function verifyOffline(bundle: string, key = inject('keys').checkpoint.publicKey): Promise<{ code: number; stdout: string }> {
  const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, bundle);
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/verify-bundle.ts', file, '--checkpoint-key', key], { cwd: projectRoot, env: { PATH: process.env.PATH ?? '' } }, (error, stdout) => {
      resolve({ code: error === null ? 0 : Number((error as { code?: number }).code), stdout });
    });
  });
}

describe('evidence bundles, verified offline', () => {
  let bundle: string;
  let forbiddenCode: string[];

  beforeAll(async () => {
    const server = await startServer(productionEnv(uniqueDatabaseName('bundle')));
    const actors = await Actors.signIn(server.graphqlUrl);
    const cq = ed25519Signer();
    const cd = sm2Signer();
    const cqKey = await actors.registerKey('cq.signatory', cq);
    const cdKey = await actors.registerKey('cd.signatory', cd);
    const { id } = await actors.createProposal('cq.drafter');
    await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
    await actors.act('cq.reviewer', 'approveInternally', { caseId: id, comment: '同意' });
    await actors.act('cd.reviewer', 'acceptProposal', { caseId: id });
    await actors.sign('cq.signatory', id, cqKey, cq);
    await actors.sign('cd.signatory', id, cdKey, cd);
    const checkpoint = (await actors.query<{ createCheckpoint: { number: number; statement: string } }>('joint.coordinator', 'mutation { createCheckpoint { number statement } }')).data!.createCheckpoint;
    for (const [user, key, signer] of [['cq.signatory', cqKey, cq], ['cd.signatory', cdKey, cd]] as const) {
      const response = await actors.query(user, 'mutation($n: Int!, $k: ID!, $s: String!) { countersignCheckpoint(number: $n, keyId: $k, signature: $s) { number } }', { n: checkpoint.number, k: key, s: signer.sign(checkpoint.statement) });
      expect(response.errors).toBeUndefined();
    }
    bundle = (await actors.query<{ evidenceBundle: string }>('auditor', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id })).data!.evidenceBundle;
    forbiddenCode = codes(await actors.query('cq.reviewer', 'query($id: ID!) { evidenceBundle(caseId: $id) }', { id }));
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

  it('refuses a checkpoint key other than the published one', async () => {
    const { code, stdout } = await verifyOffline(bundle, ed25519Signer().publicKey);
    expect(code).toBe(1);
    expect(stdout).toMatch(/CHECKPOINT_KEY[\s\S]*CHECKPOINT_SIGNATURE/);
  });

  interface BundleShape {
    entries: { payload: { comment?: string }; actor: { username: string } }[];
    versions: { content: { body: string }; contentHash: string }[];
    signatures: { signature: string; payload: string }[];
    keys: { publicKey: string }[];
    checkpoint: { statement: string; leafIndex: number; countersignatures: { signature: string }[] };
  }
  const tampers: [string, (b: BundleShape) => unknown, RegExp][] = [
    ['a comment in the history', (b) => (b.entries[2]!.payload.comment = '不同意'), /ENTRY_ALTERED \[entry 3\]/],
    ['who acted', (b) => (b.entries[3]!.actor.username = 'cq.reviewer'), /ENTRY_ALTERED \[entry 4\]/],
    ['the document body', (b) => (b.versions[0]!.content.body += '。'), /CONTENT_ALTERED/],
    ['a content hash', (b) => (b.versions[0]!.contentHash = b.versions[0]!.contentHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))), /CONTENT_ALTERED/],
    ['a signature', (b) => (b.signatures[0]!.signature = b.signatures[1]!.signature), /SIGNATURE_INVALID/],
    ['the signed bytes', (b) => (b.signatures[0]!.payload = b.signatures[0]!.payload.replace('"SIGN"', '"SIGN "')), /SIGNED_BYTES_ALTERED/],
    ['a public key', (b) => (b.keys[0]!.publicKey = ed25519Signer().publicKey), /KEY_ALTERED/],
    ['the checkpoint root', (b) => (b.checkpoint.statement = b.checkpoint.statement.replace(/"rootHash":"(.)/, (_, c: string) => `"rootHash":"${c === '0' ? '1' : '0'}`)), /CHECKPOINT_SIGNATURE/],
    ['the inclusion proof', (b) => (b.checkpoint.leafIndex += 1), /INCLUSION_PROOF/],
    ['a countersignature', (b) => (b.checkpoint.countersignatures[1]!.signature = b.checkpoint.countersignatures[0]!.signature), /COUNTERSIGNATURE_INVALID/],
    ['the newest entry, dropped', (b) => b.entries.pop(), /CHECKPOINT_MISMATCH/],
    ['an entry in the middle, dropped', (b) => b.entries.splice(2, 1), /SEQUENCE_GAP[\s\S]*CHAIN_BROKEN/],
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
});
