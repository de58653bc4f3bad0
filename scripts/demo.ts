/** What the walkthroughs share: signing in as the demo users, logging each step, signing with local keys. */
import { client } from './client.js';
import type { LocalKey } from './keys.js';

export function demo(url: string, password: string) {
  const api = client(url);
  const signIn = (username: string) => api.signIn(username, password);
  const log = (who: string, what: string, outcome: string) => console.log(`${who.padEnd(18)} ${what.padEnd(26)} → ${outcome}`);

  /** Registers the local key, shows what is about to be signed, signs it here and sends the signature. */
  async function signAs(who: string, caseId: string, key: LocalKey): Promise<string> {
    const token = await signIn(who);
    const { registerSigningKey } = await api.call<{ registerSigningKey: { id: string } }>(
      'mutation($a: SignatureAlgorithm!, $k: String!, $l: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: $l) { id } }',
      { a: key.algorithm, k: key.publicKey, l: `${who} walkthrough key` },
      token,
    );
    const { signingPayload } = await api.call<{ signingPayload: { payload: string; title: string; versionNumber: number; contentHash: string } }>(
      'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k) { payload title versionNumber contentHash } }',
      { c: caseId, k: registerSigningKey.id },
      token,
    );
    console.log(`${who.padEnd(18)} signs 《${signingPayload.title}》 v${signingPayload.versionNumber} ${signingPayload.contentHash.slice(0, 16)}… with ${key.algorithm}`);
    const signature = key.sign(Buffer.from(signingPayload.payload, 'utf8'));
    const { signCase } = await api.call<{ signCase: { state: string } }>('mutation($i: SignCaseInput!) { signCase(input: $i) { state } }', { i: { caseId, payload: signingPayload.payload, signature } }, token);
    log('', 'signCase', signCase.state);
    return registerSigningKey.id;
  }

  return { call: api.call, signIn, signAs, log };
}
