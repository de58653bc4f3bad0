import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { CASE_FIELDS, sampleDocument, type Actors, type CaseView, type DemoUser } from './cases.js';
import { codes, type GraphQLResponse } from './graphql.js';
import { ed25519Signer, sm2Signer, type Signer } from './signers.js';

/** How a sent change ended, as its sender knows it. */
type Outcome = 'acknowledged' | 'refused' | 'unknown';

interface Sent {
  caseId: string;
  key: string;
  action: string;
  send(actors: Actors): Promise<GraphQLResponse<Record<string, CaseView>>>;
  outcome: Outcome;
}

export interface SigningKeys {
  cq: { signer: Signer; keyId: string };
  cd: { signer: Signer; keyId: string };
}

const loadUsers: DemoUser[] = ['cq.drafter', 'cq.reviewer', 'cd.reviewer', 'cq.signatory', 'cd.signatory'];
/** Actions the load takes and the mutation of each (terminal ones are left out so that cases keep moving). */
const mutations: Record<string, string> = {
  SUBMIT_FOR_INTERNAL_REVIEW: 'submitForInternalReview',
  APPROVE_INTERNALLY: 'approveInternally',
  RETURN_TO_DRAFTER: 'returnToDrafter',
  REQUEST_CHANGES: 'requestChanges',
  ACCEPT: 'acceptProposal',
  RESUBMIT: 'resubmitProposal',
  DECLINE_TO_SIGN: 'declineToSign',
};
/** Refusals a racing client must expect: someone else moved the case first. */
const raceRefusals = new Set(['VERSION_CONFLICT', 'INVALID_TRANSITION', 'FORBIDDEN', 'SIGNATURE_INVALID']);
/** The answer of a request whose change may or may not have been recorded. */
const unknownOutcome = new Set(['SERVICE_UNAVAILABLE']);

/**
 * Several clients working the same proposals at once through whichever servers are up: each reads a case as
 * one of its users and takes one of the actions the case offers that user, with an idempotency key and the
 * history length it saw. Every change sent is remembered with what its sender learnt of it.
 */
export class MixedLoad {
  readonly sent: Sent[] = [];
  readonly unexpected: string[] = [];
  private seed = 1;
  /** Every client the load has spoken through, for counting what the rate limit made them wait for. */
  private readonly clients = new Set<Actors>();

  constructor(
    readonly cases: readonly string[],
    private readonly live: () => Actors[],
    private readonly keys: SigningKeys,
  ) {}

  static async createCases(actors: Actors, count: number): Promise<string[]> {
    return Promise.all(Array.from({ length: count }, async () => (await actors.createProposal('cq.drafter')).id));
  }

  private pick<T>(items: readonly T[]): T {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return items[this.seed % items.length] as T;
  }

  /** One of the servers up now, as the demo users signed in there. */
  private via(): Actors {
    const actors = this.pick(this.live());
    this.clients.add(actors);
    return actors;
  }

  /**
   * Answers that were RATE_LIMITED, counted apart from the outcomes: the clients waited for the server's
   * `Retry-After` and sent the same request again, as real clients do, so none of them is an outcome.
   */
  get rateLimited(): number {
    return [...this.clients].reduce((sum, actors) => sum + actors.rateLimited, 0);
  }

  /**
   * `workers` clients stepping until `acknowledged` changes went through (or each took `maxSteps` steps, when the
   * cases have ended): what is counted is work done, not time, so that a slow machine tests as much as a fast one.
   */
  async run(workers: number, acknowledged: number, maxSteps = 200): Promise<void> {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let step = 0; step < maxSteps && this.count('acknowledged') < acknowledged; step += 1) await this.step();
      }),
    );
  }

  /**
   * Resolves once `n` changes have been acknowledged, so that a fault is injected at the same point of the work on
   * a fast machine as on a slow one; fails if `running` ends first.
   */
  async acknowledgedAtLeast(n: number, running: Promise<void>): Promise<void> {
    let ended = false;
    const end = () => (ended = true);
    running.then(end, end);
    while (this.count('acknowledged') < n) {
      if (ended) throw new Error(`the load ended after ${String(this.count('acknowledged'))} acknowledged changes, before ${String(n)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async step(): Promise<void> {
    const caseId = this.pick(this.cases);
    const user = this.pick(loadUsers);
    const read = await this.via()
      .read(user, caseId)
      .catch(() => undefined);
    const view = read?.data?.case;
    if (view == null) return;
    const actions = view.availableActions.filter((action) => action === 'EDIT' || action === 'SIGN' || action in mutations);
    if (actions.length === 0) return;
    const action = this.pick(actions);
    const sent = await this.prepare(user, view, action);
    if (sent === undefined) return;
    this.sent.push(sent);
    await this.deliver(sent, this.via());
    // Now and then a client that did not trust the answer sends the same change again, elsewhere.
    if (this.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) === 0) await this.deliver(sent, this.via());
  }

  /** The change to send; none when a signature's payload could not be read (see `payload`). */
  private async prepare(user: DemoUser, view: CaseView, action: string): Promise<Sent | undefined> {
    const key = `load-${randomUUID()}`;
    const base = { caseId: view.id, key, action, outcome: 'unknown' as Outcome };
    if (action === 'EDIT') {
      const i = {
        caseId: view.id,
        baseVersion: view.currentVersion.number,
        document: { ...sampleDocument(), body: `修改 ${key}` },
        changeNote: '负载修改',
        idempotencyKey: key,
      };
      return { ...base, send: (actors) => actors.query(user, `mutation($i: EditDocumentInput!) { editDocument(input: $i) { ${CASE_FIELDS} } }`, { i }) };
    }
    if (action === 'SIGN') {
      const { signer, keyId } = user.startsWith('cq.') ? this.keys.cq : this.keys.cd;
      const payload = await this.payload(user, view.id, keyId);
      if (payload === undefined) return undefined;
      const i = { caseId: view.id, payload, signature: signer.sign(payload), idempotencyKey: key };
      return { ...base, send: (actors) => actors.query(user, `mutation($i: SignCaseInput!) { signCase(input: $i) { ${CASE_FIELDS} } }`, { i }) };
    }
    const words =
      action === 'DECLINE_TO_SIGN' ? { reason: '需再议' } : action === 'REQUEST_CHANGES' || action === 'RETURN_TO_DRAFTER' ? { comment: '请修改' } : {};
    const i = { caseId: view.id, expectedVersion: view.historyLength, idempotencyKey: key, ...words };
    return { ...base, send: (actors) => actors.act(user, mutations[action] ?? '', i) };
  }

  /**
   * A signature's payload, or undefined when it could not be read for a reason the load brings about (a server
   * killed, the database down, the case moved on), as a failed read of the case is skipped; any other refusal is
   * unexpected.
   */
  private async payload(user: DemoUser, caseId: string, keyId: string): Promise<string | undefined> {
    let response: GraphQLResponse<{ signingPayload: { payload: string } }>;
    try {
      response = await this.via().payloadResponse(user, caseId, keyId);
    } catch {
      return undefined;
    }
    const [code] = codes(response);
    if (code === undefined) return response.data!.signingPayload.payload;
    if (!raceRefusals.has(code) && !unknownOutcome.has(code)) this.unexpected.push(`signingPayload: ${code} ${response.errors?.[0]?.message ?? ''}`);
    return undefined;
  }

  private async deliver(sent: Sent, actors: Actors): Promise<void> {
    let response: GraphQLResponse<Record<string, CaseView>>;
    try {
      response = await sent.send(actors);
    } catch {
      return; // the connection broke: the outcome stays as it was known
    }
    const [code] = codes(response);
    if (code === undefined) sent.outcome = 'acknowledged';
    else if (raceRefusals.has(code)) sent.outcome = sent.outcome === 'acknowledged' ? sent.outcome : 'refused';
    else if (!unknownOutcome.has(code)) this.unexpected.push(`${sent.action}: ${code} ${response.errors?.[0]?.message ?? ''}`);
  }

  /** Sends every change whose outcome its sender never learnt again, with the same key, until each has an answer. */
  async settle(): Promise<void> {
    for (const sent of this.sent.filter((item) => item.outcome === 'unknown')) {
      for (let attempt = 0; sent.outcome === 'unknown' && attempt < 240; attempt += 1) {
        await this.deliver(sent, this.via());
        if (sent.outcome === 'unknown') await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  count(outcome: Outcome): number {
    return this.sent.filter((sent) => sent.outcome === outcome).length;
  }

  /**
   * What must hold afterwards, read from the database itself and through verifyCase: every acknowledged change
   * is in the history exactly once, nothing refused is, nothing else is (one creation per case besides), every
   * case's entries run 1..n with each linked to the one before and starting where it ended, the projection
   * shows the newest entry, and every case verifies (which replays each decision through its machine).
   */
  async check(database: Database, auditor: Actors): Promise<void> {
    expect(this.unexpected).toEqual([]);
    expect(this.count('unknown')).toBe(0);
    const events = await database.events.find({ caseId: { $in: [...this.cases] } }).toArray();
    const byKey = new Map<string, number>();
    for (const event of events) {
      const key = event.idempotencyKey?.split(':').pop() ?? '';
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
    for (const sent of this.sent) expect(byKey.get(sent.key) ?? 0, `${sent.action} ${sent.outcome}`).toBe(sent.outcome === 'acknowledged' ? 1 : 0);
    expect(events).toHaveLength(this.cases.length + this.count('acknowledged'));

    for (const caseId of this.cases) {
      const entries = events.filter((event) => event.caseId === caseId).sort((a, b) => a.seq - b.seq);
      entries.forEach((entry, index) => {
        expect(entry.seq).toBe(index + 1);
        if (index > 0) {
          expect(entry.prevHash).toBe(entries[index - 1]?.hash);
          expect(entry.fromState).toBe(entries[index - 1]?.toState);
        }
      });
      const view = await auditor.read('auditor', caseId);
      expect(view.data?.case.historyLength).toBe(entries.length);
      expect(view.data?.case.headHash).toBe(entries.at(-1)?.hash);
      const verified = await auditor.query<{ verifyCase: { valid: boolean; entriesChecked: number } }>(
        'auditor',
        'query($id: ID!) { verifyCase(id: $id) { valid entriesChecked } }',
        { id: caseId },
      );
      expect(verified.data?.verifyCase).toEqual({ valid: true, entriesChecked: entries.length });
    }
  }
}

/** Both cities' signatories register a key of their own (Ed25519 for Chongqing, SM2 for Chengdu), for the load to sign with. */
export async function registerSigningKeys(actors: Actors): Promise<SigningKeys> {
  const [cq, cd] = [ed25519Signer(), sm2Signer()];
  return { cq: { signer: cq, keyId: await actors.registerKey('cq.signatory', cq) }, cd: { signer: cd, keyId: await actors.registerKey('cd.signatory', cd) } };
}
