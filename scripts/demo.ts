/** What the walkthroughs share: signing in as the demo users, logging each step, signing with local keys. */
import { client } from '../src/cli/api.js';
import type { LocalKey } from '../src/cli/vault.js';

export function demo(url: string, password: string) {
  const api = client(url);
  const signIn = (username: string) => api.signIn(username, password);
  const log = (who: string, what: string, outcome: string) => console.log(`${who.padEnd(18)} ${what.padEnd(26)} → ${outcome}`);

  const registered = new Map<string, string>();

  /** Registers the local key (once), shows what is about to be signed, signs it here and sends the signature. */
  async function signAs(who: string, caseId: string, key: LocalKey, action = 'SIGN'): Promise<string> {
    const token = await signIn(who);
    let keyId = registered.get(key.publicKey);
    if (keyId === undefined) {
      const { registerSigningKey } = await api.call<{ registerSigningKey: { id: string } }>(
        'mutation($a: SignatureAlgorithm!, $k: String!, $l: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: $l) { id } }',
        { a: key.algorithm, k: key.publicKey, l: `${who} walkthrough key` },
        token,
      );
      keyId = registerSigningKey.id;
      registered.set(key.publicKey, keyId);
    }
    const { signingPayload } = await api.call<{ signingPayload: { payload: string; title: string; versionNumber: number; contentHash: string } }>(
      'query($c: ID!, $k: ID!, $a: String!) { signingPayload(caseId: $c, keyId: $k, action: $a) { payload title versionNumber contentHash } }',
      { c: caseId, k: keyId, a: action },
      token,
    );
    console.log(
      `${who.padEnd(18)} ${action} 《${signingPayload.title}》 v${signingPayload.versionNumber} ${signingPayload.contentHash.slice(0, 16)}… with ${key.algorithm}`,
    );
    const signature = key.sign(Buffer.from(signingPayload.payload, 'utf8'));
    const { signCase } = await api.call<{ signCase: { state: string } }>(
      'mutation($i: SignCaseInput!) { signCase(input: $i) { state } }',
      { i: { caseId, payload: signingPayload.payload, signature } },
      token,
    );
    log('', 'signCase', signCase.state);
    return keyId;
  }

  return { call: <T>(query: string, variables?: Record<string, unknown>, token?: string) => api.call<T>(query, variables, token), signIn, signAs, log };
}
