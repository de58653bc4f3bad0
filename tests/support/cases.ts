import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { countersignedBytes } from '../../src/crypto/checkpoint-format.js';
import { codes, gql, login, type GraphQLResponse } from './graphql.js';
import type { Signer } from './signers.js';

export const CASE_FIELDS = `
  id type workflow title state historyLength headHash availableActions
  initiator { region agency { id } } counterpart { region agency { id } }
  currentVersion { id number contentHash content { title body } }
  signatures { id signerName versionNumber current algorithm }
`;

export interface CaseView {
  id: string;
  state: string;
  title: string;
  historyLength: number;
  headHash: string;
  availableActions: string[];
  currentVersion: { id: string; number: number; contentHash: string; content: { title: string; body: string } };
  signatures: { id: string; signerName: string; versionNumber: number; current: boolean; algorithm: string }[];
}

/** The mutation for each plain action of policyProposal@1 (EDIT and SIGN have their own). */
export const actionMutations = {
  SUBMIT_FOR_INTERNAL_REVIEW: 'submitForInternalReview',
  APPROVE_INTERNALLY: 'approveInternally',
  RETURN_TO_DRAFTER: 'returnToDrafter',
  REQUEST_CHANGES: 'requestChanges',
  ACCEPT: 'acceptProposal',
  REJECT: 'rejectProposal',
  RESUBMIT: 'resubmitProposal',
  DECLINE_TO_SIGN: 'declineToSign',
  WITHDRAW: 'withdrawCase',
  ESCALATE: 'escalateCase',
  ARBITRATE: 'arbitrate',
} as const;

export const demoUsers = [
  'cq.drafter',
  'cq.reviewer',
  'cq.signatory',
  'cd.drafter',
  'cd.reviewer',
  'cd.signatory',
  'joint.coordinator',
  'auditor',
  'admin',
] as const;
export type DemoUser = (typeof demoUsers)[number];

export const sampleDocument = (title = '成渝地区数据共享与流通联合政策') => ({
  title,
  titleEn: 'Joint policy on data sharing between Chengdu and Chongqing',
  summary: '建立川渝数据共享交换机制，推动跨区域数据流通。',
  body: '# 总则\n\n一、共建成渝地区数据交换中心。\n二、统一数据流通标准。\n三、联合开展数据安全监管。',
  policyAreas: ['BIG_DATA', 'DATA_CIRCULATION'],
});

/**
 * Speaks GraphQL as the demo users, each signed in on first use (a sign-in is a password hash check, about a tenth
 * of a second of CPU, and most files act as a few of the nine) and again before the token runs out.
 */
export class Actors {
  /** Answers that were RATE_LIMITED and sent again after the server's `Retry-After`. */
  rateLimited = 0;

  /** Each signed-in user's token (a sign-in under way, while it is) and when, on this process's clock, it was asked for. */
  private readonly sessions = new Map<DemoUser, { token: Promise<string>; obtained: number }>();

  private constructor(readonly url: string) {}

  /** The demo users on the server answering GraphQL at `url`; none is signed in until first used. */
  static at(url: string): Actors {
    return new Actors(url);
  }

  async query<T = Record<string, unknown>>(user: DemoUser, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    return gql<T>(this.url, query, variables, { token: await this.token(user), rateLimit: { onRateLimited: () => (this.rateLimited += 1) } });
  }

  /**
   * The user's token: signed in on first use, and again a minute before its lifetime (`exp` − `iat`) has passed
   * since it was obtained, as a client keeps its session: a test file that outlasts a token on a slow machine is not
   * refused. Measured on this process's clock alone, so that a server on a shifted clock changes nothing.
   */
  async token(user: DemoUser): Promise<string> {
    const session = this.sessions.get(user);
    if (session !== undefined) {
      const token = await session.token;
      const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: number; exp?: number };
      const lifetimeMs = iat === undefined || exp === undefined ? Infinity : (exp - iat) * 1000;
      if (Date.now() - session.obtained <= lifetimeMs - 60_000) return token;
      if (this.sessions.get(user) !== session) return this.token(user);
    }
    const fresh = { token: login(this.url, user), obtained: Date.now() };
    this.sessions.set(user, fresh);
    // A sign-in that failed is not kept: the next use tries again.
    fresh.token.catch(() => this.sessions.get(user) === fresh && this.sessions.delete(user));
    return fresh.token;
  }

  async createProposal(user: DemoUser = 'cq.drafter', input: Record<string, unknown> = {}): Promise<CaseView> {
    const counterpartAgencyId = user.startsWith('cq.') ? 'CD-ONLINE-GOV' : 'CQ-BDB';
    const response = await this.query<{ createProposal: CaseView }>(
      user,
      `mutation($i: CreateProposalInput!) { createProposal(input: $i) { ${CASE_FIELDS} } }`,
      {
        i: { counterpartAgencyId, document: sampleDocument(), ...input },
      },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.createProposal;
  }

  /** One plain action (a mutation taking CaseActionInput or ArbitrateInput). */
  act(user: DemoUser, mutation: string, input: Record<string, unknown>): Promise<GraphQLResponse<Record<string, CaseView>>> {
    const inputType = mutation === 'arbitrate' ? 'ArbitrateInput' : 'CaseActionInput';
    return this.query(user, `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${CASE_FIELDS} } }`, { i: input });
  }

  async edit(user: DemoUser, caseId: string, baseVersion: number, body: string): Promise<GraphQLResponse<{ editDocument: CaseView }>> {
    return this.query(user, `mutation($i: EditDocumentInput!) { editDocument(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, baseVersion, document: { ...sampleDocument(), body }, changeNote: '按意见修改' },
    });
  }

  async read(user: DemoUser, caseId: string): Promise<GraphQLResponse<{ case: CaseView }>> {
    return this.query(user, `query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: caseId });
  }

  async registerKey(user: DemoUser, signer: Signer): Promise<string> {
    const response = await this.query<{ registerSigningKey: { id: string } }>(
      user,
      'mutation($a: SignatureAlgorithm!, $k: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: "test key") { id } }',
      { a: signer.algorithm, k: signer.publicKey },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.registerSigningKey.id;
  }

  async payload(user: DemoUser, caseId: string, keyId: string, action = 'SIGN'): Promise<string> {
    const response = await this.payloadResponse(user, caseId, keyId, action);
    expect(response.errors).toBeUndefined();
    return response.data!.signingPayload.payload;
  }

  /** The server's answer to `signingPayload`, as it is: for callers that expect it may be refused. */
  payloadResponse(user: DemoUser, caseId: string, keyId: string, action = 'SIGN'): Promise<GraphQLResponse<{ signingPayload: { payload: string } }>> {
    return this.query(user, 'query($c: ID!, $k: ID!, $a: String!) { signingPayload(caseId: $c, keyId: $k, action: $a) { payload } }', {
      c: caseId,
      k: keyId,
      a: action,
    });
  }

  submitSignature(
    user: DemoUser,
    caseId: string,
    payload: string,
    signature: string,
    idempotencyKey = `sign-${randomUUID()}`,
  ): Promise<GraphQLResponse<{ signCase: CaseView }>> {
    return this.query(user, `mutation($i: SignCaseInput!) { signCase(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, payload, signature, idempotencyKey },
    });
  }

  /** The whole client-side signing: fetch the payload, sign it locally, send the signature. */
  async sign(user: DemoUser, caseId: string, keyId: string, signer: Signer, action = 'SIGN'): Promise<GraphQLResponse<{ signCase: CaseView }>> {
    const payload = await this.payload(user, caseId, keyId, action);
    return this.submitSignature(user, caseId, payload, signer.sign(payload));
  }

  /**
   * Countersigns checkpoint `number` as `user` with their key: the dated bytes (countersignedBytes) signed, unless
   * `bytes` gives others (a forgery) — sent as the client sends them.
   */
  countersign(
    user: DemoUser,
    number: number,
    statement: string,
    keyId: string,
    signer: Signer,
    { signedAt = new Date(), bytes }: { signedAt?: Date; bytes?: string } = {},
  ): Promise<GraphQLResponse<{ countersignCheckpoint: { number: number } }>> {
    const signed = bytes ?? countersignedBytes(statement, keyId, signedAt.toISOString()).toString('utf8');
    return this.query(
      user,
      'mutation($n: Int!, $k: ID!, $t: DateTime!, $s: String!) { countersignCheckpoint(number: $n, keyId: $k, signedAt: $t, signature: $s) { number } }',
      {
        n: number,
        k: keyId,
        t: signedAt.toISOString(),
        s: signer.sign(signed),
      },
    );
  }

  async historyTypes(caseId: string): Promise<string[]> {
    return (await this.transitions(caseId)).map((entry) => entry.type);
  }

  /** Each history entry's type and the state it led to, oldest first. */
  async transitions(caseId: string): Promise<{ type: string; toState: string }[]> {
    const response = await this.query<{ case: { history: { edges: { node: { type: string; toState: string } }[] } } }>(
      'auditor',
      'query($id: ID!) { case(id: $id) { history(first: 200) { edges { node { type toState } } } } }',
      { id: caseId },
    );
    return response.data!.case.history.edges.map((edge) => edge.node);
  }
}

export const expectCode = (response: GraphQLResponse<unknown>, code: string): void => {
  expect(codes(response)).toEqual([code]);
};

/** An inclusion proof as the tests read it: a case head, its place in a checkpoint's tree, and the path to the root. */
export interface ProofView {
  caseId: string;
  seq: number;
  hash: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
  checkpoint: { number: number; rootHash: string };
}
