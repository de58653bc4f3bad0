import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adversarialDocuments, fragmentFanOut, type Adversary } from '../support/adversarial.js';
import { Alignment } from '../support/alignments.js';
import { Actors, sampleDocument } from '../support/cases.js';
import { sendHonouringRateLimit } from '../../src/cli/rate-limit.js';
import { codes, gql, login, requestHangGuardMs } from '../support/graphql.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';

/** CPU time all the process's threads have run, in milliseconds, as the Linux scheduler counts it (nanoseconds). */
function cpuMs(pid: number): number {
  const threads = readdirSync(`/proc/${pid}/task`);
  return threads.reduce((sum, thread) => sum + Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
}

/**
 * What a request costs is told against what a legitimate one costs on the same server in the same run — never in
 * milliseconds, which would make the test pass or fail with the machine's speed. The unit: the CPU of one console
 * page load (the caller, its inbox and the workflow definitions), sent just before each request it weighs.
 */
const pageLoad =
  '{ me { username roles } inbox(first: 20) { edges { node { id state title waitingFor { region role } } } } workflowDefinitions { key definitionHash states { id } transitions { source targets event } eventTypes { type } guards { name } } }';

/**
 * The most CPU an adversarial document may cost, in page loads (see `inPageLoads`). The costliest is a body of 0.9 MB
 * holding 60,000 variables, which Express parses as JSON before anything can look at it: JSON.parse of that body
 * alone takes 50–140 ms of CPU here, and the whole request about 100 ms, while a page load takes 7–12 ms since the
 * inbox stopped scanning every case (6–19 ms before).
 */
const pageLoads = 20;
/** The most the one redline a document may ask for may cost, in page loads: measured at 10–16. */
const redlinePageLoads = 30;

/** The server's default token limit (GRAPHQL_MAX_TOKENS): every shape is made as large as it allows. */
const maxTokens = 2000;

describe('no document costs more to check than its size allows', () => {
  let server: RunningServer;
  let token: string;

  /** Server CPU ms of one send. */
  const cpuOf = async (send: () => Promise<unknown>): Promise<number> => {
    const before = cpuMs(server.process.pid!);
    await send();
    return cpuMs(server.process.pid!) - before;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  const load = async () => expect((await gql(server.graphqlUrl, pageLoad, {}, { token })).errors).toBeUndefined();

  /**
   * What `send` costs in page loads: `n` times a page load then `send`, the median CPU of the sends over the median
   * of the page loads. Each is weighed against the server as it is at that moment (warm or cold, a neighbour busy
   * or not), and a garbage collection falls on one of the `n`, not on the figure.
   */
  const inPageLoads = async (n: number, send: () => Promise<unknown>): Promise<{ loads: number; spent: number[]; unit: number }> => {
    const [units, spent]: [number[], number[]] = [[], []];
    for (let i = 0; i < n; i++) {
      units.push(await cpuOf(load));
      spent.push(await cpuOf(send));
    }
    const unit = median(units);
    return { loads: median(spent) / unit, spent, unit };
  };

  beforeAll(async () => {
    server = await startServer(productionEnv(uniqueDatabaseName('limits')));
    token = await login(server.graphqlUrl, 'cd.reviewer');
    // Warm: the first page loads compile what every later one runs.
    for (let i = 0; i < 5; i++) await load();
  });
  afterAll(async () => {
    await server.stop();
  });

  const send = (adversary: Adversary, method: 'POST' | 'GET', authorised: boolean) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      ...(authorised ? { authorization: `Bearer ${token}` } : {}),
    };
    const body = { query: adversary.query, variables: adversary.variables, operationName: adversary.operationName };
    // A server that froze would fail the test here rather than hold it. A RATE_LIMITED answer is waited for and
    // sent again, as any client does: the file sends more than a burst's worth from one address and one user.
    const signal = () => AbortSignal.timeout(requestHangGuardMs);
    if (method === 'POST') return sendHonouringRateLimit(() => fetch(server.graphqlUrl, { method, headers, body: JSON.stringify(body), signal: signal() }));
    const search = new URLSearchParams({
      query: body.query,
      ...(body.variables === undefined ? {} : { variables: JSON.stringify(body.variables) }),
      ...(body.operationName === undefined ? {} : { operationName: body.operationName }),
    });
    return sendHonouringRateLimit(() => fetch(`${server.graphqlUrl}?${search.toString()}`, { method, headers, signal: signal() }));
  };

  // Each shape, by POST and (where the address is short enough for a URL) by GET, signed in and not: never a 5xx,
  // refused for the CPU of at most `pageLoads` page loads (`inPageLoads` of five sends; a page load took 7–12 ms of
  // CPU on the machine this was last measured on, so 140–240 ms) — and /healthz answers all along.
  const cases = adversarialDocuments(maxTokens).flatMap((adversary) =>
    (['POST', 'GET'] as const)
      .filter((method) => method === 'POST' || adversary.query.length + JSON.stringify(adversary.variables ?? {}).length < 6000)
      .flatMap((method) =>
        [true, false].map((authorised) => [`${adversary.name} by ${method}${authorised ? ', signed in' : ''}`, adversary, method, authorised] as const),
      ),
  );

  it.each(cases)('%s', async (_, adversary, method, authorised) => {
    let probing = true;
    const probes: number[] = [];
    const prober = (async () => {
      while (probing) {
        probes.push((await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(requestHangGuardMs) })).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const { loads, spent, unit } = await inPageLoads(5, async () => {
      const response = await send(adversary, method, authorised);
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBeLessThan(500);
      const errors = (JSON.parse(text) as { errors?: { extensions: { code: string } }[] }).errors ?? [];
      for (const error of errors) expect(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND']).toContain(error.extensions.code);
    });
    probing = false;
    await prober;
    const shown = spent.map((ms) => ms.toFixed(1)).join(', ');
    process.stdout.write(
      `server CPU ${loads.toFixed(1).padStart(5)} page loads (${shown} ms; a page load ${unit.toFixed(2)} ms): ${adversary.name} by ${method}${authorised ? ', signed in' : ''}\n`,
    );
    expect(loads, `CPU ms of the five sends: ${shown}; of a page load: ${unit.toFixed(2)}`).toBeLessThanOrEqual(pageLoads);
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((status) => status === 200)).toBe(true);
  });

  it('refuses the 1 KB fragment fan-out that froze the server, naming the depth limit, and leaves the server serving', async () => {
    const response = await gql(server.graphqlUrl, fragmentFanOut(30));
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions.messages?.zh).toMatch(/嵌套超过 12 层/);
    expect((await gql(server.graphqlUrl, '{ me { username } }', {}, { token })).data).toEqual({ me: { username: 'cd.reviewer' } });
  });

  it('weighs a list by its page size, written in the document, passed as a variable or served by default', async () => {
    const heavy = 'query($n: Int) { inbox(first: $n) { edges { node { history(first: 100) { edges { node { caseId comment actor { username } } } } } } } }';
    // inbox serves 20 by default: 20 inboxed cases × 100 entries each weighs as much as if the 20 were written.
    for (const [query, variables] of [
      [heavy, { n: 100 }],
      [heavy.replace('(first: $n)', '(first: 100)').replace('($n: Int)', ''), {}],
      [heavy.replace('(first: $n)', '').replace('($n: Int)', ''), {}],
    ] as const) {
      const response = await gql(server.graphqlUrl, query, variables, { token });
      expect(codes(response), query).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions.messages?.en).toMatch(/costs more than/);
    }
    for (const [query, variables] of [
      [heavy, { n: 5 }],
      [heavy.replace('(first: $n)', '').replace('($n: Int)', '').replace('(first: 100)', '(first: 5)'), {}],
    ] as const) {
      expect((await gql(server.graphqlUrl, query, variables, { token })).errors, query).toBeUndefined();
    }
  });

  it('weighs the fields whose work no page size tells: one redline of a long text rewritten throughout, not several', async () => {
    const actors = Actors.at(server.graphqlUrl);
    // 200,000 characters of short lines, then every line changed: the redline of a document as large as allowed.
    const body = (prefix: string) =>
      Array.from({ length: 25_000 }, (_, i) => `${prefix}${i}`)
        .join('\n')
        .slice(0, 199_000);
    const { id } = await actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body: body('x') } });
    const edited = await actors.query('cq.drafter', 'mutation($i: EditDocumentInput!) { editDocument(input: $i) { id } }', {
      i: { caseId: id, baseVersion: 1, document: { ...sampleDocument(), body: body('y') }, changeNote: '全部改写' },
    });
    expect(edited.errors).toBeUndefined();
    const DIFF =
      'documentDiff(caseId: $id, from: 1, to: 2) { changedFields body { kind text } redline { field omittedLines lines { kind fromLine toLine segments { kind text } } } }';
    let one: { documentDiff: { redline: { field: string; omittedLines: number; lines: unknown[] }[] } } | null | undefined;
    const { loads, spent, unit } = await inPageLoads(3, async () => {
      ({ data: one } = await actors.query<NonNullable<typeof one>>('cq.drafter', `query($id: ID!) { ${DIFF} }`, { id }));
    });
    process.stdout.write(
      `server CPU ${loads.toFixed(1)} page loads (${spent.map((ms) => ms.toFixed(1)).join(', ')} ms; a page load ${unit.toFixed(2)} ms): the redline of 200,000 characters rewritten throughout\n`,
    );
    const redline = one!.documentDiff.redline.find((diff) => diff.field === 'body')!;
    expect(redline.lines).toHaveLength(2000);
    expect(redline.omittedLines).toBeGreaterThan(0);
    expect(loads).toBeLessThanOrEqual(redlinePageLoads);
    for (const query of [
      `query($id: ID!) { a: ${DIFF} b: ${DIFF} }`,
      `query($id: ID!) { ...D ...E } fragment D on Query { a: ${DIFF} } fragment E on Query { b: ${DIFF} }`,
    ]) {
      const refused = await actors.query('cq.drafter', query, { id });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.extensions.messages?.en).toMatch(/costly fields/);
    }
    // A count over the whole history is a scan of it: a few per request at most.
    for (const field of ['workflowDefinitions { key }', 'historyCount']) {
      const refused = await actors.query('cq.drafter', `{ ${Array.from({ length: 5 }, (_, i) => `w${i}: ${field}`).join(' ')} }`);
      expect(codes(refused), field).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('logs no error for any of them: each was the client’s mistake', () => {
    expect(server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50)).toEqual([]);
  });

  it('tells a client its first ten mistakes, not ten thousand', async () => {
    const response = await gql(server.graphqlUrl, `query(${Array.from({ length: 400 }, (_, i) => `$v${i}: Int`).join(' ')}) { me { id } }`, {}, { token });
    expect(codes(response).length).toBeLessThanOrEqual(11);
    expect(codes(response).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
  });
});

/** Database commands the server has sent so far (its Prometheus counter). */
async function commandsOf(server: RunningServer): Promise<number> {
  const text = await (await fetch(server.metricsUrl!)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('twincity_database_commands_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe('no request sends more database commands than its budget, whatever its document asks', () => {
  /** GRAPHQL_MAX_DATABASE_COMMANDS of this server: one case of `edits` versions is well inside it, five are not. */
  const budget = 100;
  const edits = 12;
  let server: RunningServer;
  let actors: Actors;

  beforeAll(async () => {
    server = await startServer(
      productionEnv(uniqueDatabaseName('budget'), {
        GRAPHQL_MAX_DATABASE_COMMANDS: String(budget),
        // No database work of its own between two readings of its command counter.
        DEADLINE_POLL_SECONDS: '0',
        REPAIR_INTERVAL_SECONDS: '0',
      }),
    );
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  const commandsSent = () => commandsOf(server);
  /** A draft edited `times` times: `times + 1` versions, each a document of its own. */
  const longCase = async (times = edits): Promise<string> => {
    const { id } = await actors.createProposal('cq.drafter');
    for (let version = 1; version <= times; version++) expect((await actors.edit('cq.drafter', id, version, `第 ${version} 稿`)).errors).toBeUndefined();
    return id;
  };
  const versionsOf = (ids: string[]) => `{ ${ids.map((id, i) => `c${i}: case(id: "${id}") { versions { number } }`).join(' ')} }`;
  const sentBy = async (query: string) => {
    const before = await commandsSent();
    const response = await actors.query<Record<string, { versions: { number: number }[] } | null>>('cq.drafter', query);
    return { response, sent: (await commandsSent()) - before };
  };

  it('reads a case once however many aliases ask for it: thirty asks of a long case’s versions send what one does', async () => {
    const id = await longCase();
    const one = await sentBy(versionsOf([id]));
    const thirty = await sentBy(versionsOf(Array.from({ length: 30 }, () => id)));
    expect(one.response.errors).toBeUndefined();
    expect(thirty.response.errors).toBeUndefined();
    expect(Object.values(thirty.response.data!).map((found) => found!.versions.length)).toEqual(Array.from({ length: 30 }, () => edits + 1));
    // Signing the caller in reads the user, outside the budget; the rest is the case, its entries and its versions.
    expect(thirty.sent).toBe(one.sent);
    expect(one.sent).toBeLessThan(budget);
  });

  it('stops a request past the budget — the versions of five long cases at once — naming the limit, and serves the next', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => longCase()));
    const { response, sent } = await sentBy(versionsOf(ids));
    const refusals = (response.errors ?? []).filter((error) => error.extensions.code === 'BAD_USER_INPUT');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]!.extensions).toMatchObject({ field: 'query', limit: 'databaseCommands' });
    expect(refusals[0]!.extensions.messages?.en).toMatch(/more than 100 database commands/);
    expect(codes(response).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
    // Each of the five stops at its next batch of lookups (16 at most) once the request has spent its budget.
    expect(sent).toBeLessThanOrEqual(budget + 5 * 16 + 5 * 2);
    const after = await actors.query<{ case: { versions: unknown[] } }>('cq.drafter', `{ case(id: "${ids[0]!}") { versions { number } } }`);
    expect(after.data?.case.versions).toHaveLength(edits + 1);
  });

  it('does not stop the server’s own work or the weighed audit reads: a checkpoint of many cases, verifyCase and evidenceBundle of a long case', async () => {
    const id = await longCase(50);
    await Promise.all(Array.from({ length: 40 }, () => actors.createProposal('cq.drafter')));
    for (const [user, query] of [
      ['joint.coordinator', 'mutation { createCheckpoint { number treeSize } }'],
      ['auditor', `{ verifyCase(id: "${id}") { valid entriesChecked } }`],
      ['auditor', `{ evidenceBundle(caseId: "${id}") }`],
    ] as const) {
      const before = await commandsSent();
      const response = await actors.query<Record<string, unknown>>(user, query);
      const sent = (await commandsSent()) - before;
      expect(response.errors, query).toBeUndefined();
      // Each goes past the budget a request of the client's own asking may spend.
      expect(sent, query).toBeGreaterThan(budget);
    }
  });

  it('reads a case’s versions and signatures for what they are, not for the length of its chain: the same commands after twenty-four more rounds of internal review', async () => {
    /** A case handed over, sent back by Chengdu and reviewed inside Chongqing `rounds` times before it is handed over again. */
    const reviewed = async (rounds: number) => {
      const id = await longCase(2);
      const act = async (user: 'cq.drafter' | 'cq.reviewer' | 'cd.reviewer', action: string, extra = '') =>
        expect((await actors.query(user, `mutation { ${action}(input: { caseId: "${id}"${extra} }) { state } }`)).errors, action).toBeUndefined();
      await act('cq.drafter', 'submitForInternalReview');
      await act('cq.reviewer', 'approveInternally');
      await act('cd.reviewer', 'requestChanges', ', comment: "请补充"');
      expect((await actors.edit('cq.drafter', id, 3, '按意见修改。')).errors).toBeUndefined();
      await act('cq.drafter', 'resubmitProposal');
      for (let round = 0; round < rounds; round++) {
        await act('cq.reviewer', 'returnToDrafter', ', comment: "再改"');
        await act('cq.drafter', 'submitForInternalReview');
      }
      await act('cq.reviewer', 'approveInternally');
      return id;
    };
    const read = async (user: 'auditor' | 'cd.reviewer', id: string) => {
      const before = await commandsSent();
      const response = await actors.query<{ case: { versions: { number: number }[]; signatures: unknown[] } }>(
        user,
        `{ case(id: "${id}") { versions { number } signatures { id } currentVersion { number } } }`,
      );
      expect(response.errors).toBeUndefined();
      return { sent: (await commandsSent()) - before, versions: response.data!.case.versions.map((version) => version.number) };
    };
    const [short, long] = [await reviewed(16), await reviewed(40)];
    for (const user of ['auditor', 'cd.reviewer'] as const) {
      await read(user, short); // Signed in.
      expect(await read(user, long), user).toEqual(await read(user, short));
    }
  });

  it('checks a case once however many aliases ask to verify it, and finds a version past the newest without reading any', async () => {
    const id = await longCase(20);
    const sent = async (user: 'auditor' | 'cq.drafter', query: string) => {
      const before = await commandsSent();
      const response = await actors.query<Record<string, unknown>>(user, query);
      return { response, sent: (await commandsSent()) - before };
    };
    await sent('auditor', '{ me { username } }'); // The auditor signed in.
    const one = await sent('auditor', `{ a: verifyCase(id: "${id}") { valid } }`);
    const four = await sent('auditor', `{ ${['a', 'b', 'c', 'd'].map((alias) => `${alias}: verifyCase(id: "${id}") { valid }`).join(' ')} }`);
    expect(four.response.errors).toBeUndefined();
    expect(four.sent).toBe(one.sent);
    // A redline against a version that does not exist: NOT_FOUND, for what reading the case costs.
    const read = await sent('cq.drafter', `{ case(id: "${id}") { state } }`);
    const missing = await sent('cq.drafter', `{ documentDiff(caseId: "${id}", from: 1, to: 9999) { from { number } } }`);
    expect(codes(missing.response)).toEqual(['NOT_FOUND']);
    expect(missing.sent).toBe(read.sent);
  });

  it('answers a search of a case the caller may not see as one of a case that does not exist, for the same commands', async () => {
    const hidden = await longCase(20); // Chongqing's draft, never handed to Chengdu.
    const search = async (caseId: string) => {
      const before = await commandsSent();
      const response = await actors.query<{ history: { edges: unknown[] }; historyCount: number }>(
        'cd.reviewer',
        `{ history(filter: { caseId: "${caseId}" }) { edges { node { seq } } } historyCount(filter: { caseId: "${caseId}" }) }`,
      );
      expect(response.errors).toBeUndefined();
      return { sent: (await commandsSent()) - before, answer: response.data };
    };
    await search(randomUUID()); // Chengdu's reviewer signed in.
    const [ofHidden, ofNone] = [await search(hidden), await search(randomUUID())];
    expect(ofHidden).toEqual(ofNone);
    expect(ofNone.answer).toEqual({ history: { edges: [] }, historyCount: 0 });
  });

  it('does the action of a mutation whose answer asks past the budget, and says so', async () => {
    // Its versions, read for the answer, take more commands than the budget.
    const id = await longCase(60);
    const response = await actors.query<{ submitForInternalReview: { state: string; versions: unknown[] | null } }>(
      'cq.drafter',
      `mutation { submitForInternalReview(input: { caseId: "${id}" }) { state versions { number } } }`,
    );
    const refused = (response.errors ?? []).find((error) => error.extensions.limit === 'databaseCommands');
    expect(refused?.path).toEqual(['submitForInternalReview', 'versions']);
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', actionDone: true });
    expect(refused?.extensions.messages?.en).toMatch(/^The action was done/);
    const read = await actors.read('cq.drafter', id);
    expect(read.data?.case.state).toBe('internalReview');
  });

  it('costs the counterpart nothing for the other side’s internal entries: its read of the case sends as many commands after sixty more', async () => {
    const alignment = await Alignment.open(actors);
    const read = `{ case(id: "${alignment.id}") { state historyLength updatedAt } }`;
    const readByChengdu = async () => {
      const before = await commandsSent();
      const response = await actors.query<{ case: { historyLength: number } }>('cd.reviewer', read);
      expect(response.errors).toBeUndefined();
      return { length: response.data!.case.historyLength, sent: (await commandsSent()) - before };
    };
    const churn = async (times: number) => {
      for (let round = 0; round < times; round++) {
        const added = await alignment.addItem('cq.drafter', 'FIVE_G', `第 ${round} 个目标`);
        expect(added.errors).toBeUndefined();
        expect((await alignment.removeItem('cq.drafter', added.data!.addPlanItem!.items[0]!.id)).errors).toBeUndefined();
      }
    };
    await churn(2);
    await readByChengdu(); // Chengdu's reviewer signed in, and the case's projection settled.
    const few = await readByChengdu();
    await churn(30);
    const many = await readByChengdu();
    // Chongqing's drafting of its own section is its own: Chengdu is told the same case, for the same commands.
    expect(many).toEqual(few);
    const verified = await actors.query<{ verifyCase: { valid: boolean; entriesChecked: number } }>(
      'auditor',
      `{ verifyCase(id: "${alignment.id}") { valid entriesChecked } }`,
    );
    expect(verified.data?.verifyCase).toEqual({ valid: true, entriesChecked: 65 });
  });

  it('costs the counterpart nothing for the initiator’s drafting before it had the case: when it began for it, in one lookup', async () => {
    const handedOver = async (edits: number) => {
      const id = await longCase(edits);
      await actors.act('cq.drafter', 'submitForInternalReview', { caseId: id });
      await actors.act('cq.reviewer', 'approveInternally', { caseId: id });
      return id;
    };
    const readByChengdu = async (id: string) => {
      const before = await commandsSent();
      const response = await actors.query<{ case: { createdAt: string; historyLength: number } }>(
        'cd.reviewer',
        `{ case(id: "${id}") { createdAt historyLength } }`,
      );
      expect(response.errors).toBeUndefined();
      return { sent: (await commandsSent()) - before, createdAt: response.data!.case.createdAt };
    };
    const [short, long] = [await handedOver(1), await handedOver(40)];
    await readByChengdu(short); // Chengdu's reviewer signed in.
    const [fromShort, fromLong] = [await readByChengdu(short), await readByChengdu(long)];
    expect(fromLong.sent).toBe(fromShort.sent);
    // The case began for Chengdu when Chongqing approved it: the newest of its entries.
    const history = await actors.query<{ case: { history: { edges: { node: { at: string } }[] } } }>(
      'cq.drafter',
      `{ case(id: "${long}") { history(first: 200) { edges { node { at } } } } }`,
    );
    expect(fromLong.createdAt).toBe(history.data!.case.history.edges.at(-1)!.node.at);
  });

  it('logs no error for the request it stopped: it was the client’s', () => {
    expect(server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50)).toEqual([]);
  });
});

describe('no side grows a case alone without bound, and no answer is larger than its limit', () => {
  const maxResponseBytes = 65_536;
  let server: RunningServer;
  let actors: Actors;

  beforeAll(async () => {
    server = await startServer(
      productionEnv(uniqueDatabaseName('bounds'), { CASE_MAX_UNSHARED_ENTRIES: '6', GRAPHQL_MAX_RESPONSE_BYTES: String(maxResponseBytes) }),
    );
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a step that goes nowhere past CASE_MAX_UNSHARED_ENTRIES entries the other side cannot read, and takes one that moves the case on', async () => {
    const alignment = await Alignment.open(actors);
    const lengthFor = async (user: 'cq.drafter' | 'cd.drafter') => (await actors.read(user, alignment.id)).data!.case.historyLength;
    // An item added and removed three times: six entries Chengdu cannot read, and no item left.
    for (let round = 0; round < 3; round++) {
      const added = await alignment.addItem('cq.drafter', 'BIG_DATA', '数据中心');
      expect((await alignment.removeItem('cq.drafter', added.data!.addPlanItem!.items.at(-1)!.id)).errors).toBeUndefined();
    }
    // Past the limit, an item is still added while it is all Chongqing's drafter can do: a section needs one.
    expect((await alignment.addItem('cq.drafter', 'FIVE_G', '3 万个')).errors).toBeUndefined();
    const [ownBefore, otherBefore] = [await lengthFor('cq.drafter'), await lengthFor('cd.drafter')];
    const refused = await alignment.addItem('cq.drafter', 'DATA_CIRCULATION', '数据交换中心');
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ limit: 'unsharedEntries', maxUnsharedEntries: 6 });
    expect([await lengthFor('cq.drafter'), await lengthFor('cd.drafter')]).toEqual([ownBefore, otherBefore]);
    // Chongqing's section still goes in, and Chengdu drafts its own as before.
    expect((await alignment.submit('cq.reviewer')).errors).toBeUndefined();
    expect((await alignment.addItem('cd.drafter', 'FIVE_G', '2 万个')).errors).toBeUndefined();
    expect((await alignment.submit('cd.reviewer')).data?.submitSection?.state).toBe('reconciling');
  });

  it('refuses an answer past GRAPHQL_MAX_RESPONSE_BYTES naming the limit, in a mutation saying the action was done', async () => {
    // A body of 30 KB: thirty asks of it are 900 KB, three versions of it 90 KB.
    const body = '两地共建数据交换中心。'.repeat(1000);
    const { id } = await actors.createProposal('cq.drafter', { document: { ...sampleDocument(), body } });
    const read = await actors.query(
      'cq.drafter',
      `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: case(id: "${id}") { currentVersion { content { body } } }`).join(' ')} }`,
    );
    expect(codes(read)).toEqual(['BAD_USER_INPUT']);
    expect(read.data).toBeUndefined();
    expect(read.errors?.[0]?.extensions).toMatchObject({ field: 'query', limit: 'responseBytes', maxResponseBytes });
    expect((await actors.edit('cq.drafter', id, 1, `${body}二`)).errors).toBeUndefined();
    const acted = await actors.query('cq.drafter', 'mutation($i: EditDocumentInput!) { editDocument(input: $i) { versions { content { body } } } }', {
      i: { caseId: id, baseVersion: 2, document: { ...sampleDocument(), body: `${body}三` }, changeNote: '再改' },
    });
    expect(acted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'responseBytes', actionDone: true });
    expect(acted.errors?.[0]?.extensions.messages?.en).toMatch(/^The action was done/);
    expect((await actors.read('cq.drafter', id)).data?.case.currentVersion.number).toBe(3);
    expect(server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50)).toEqual([]);
  });
});

describe('a request given up on stops reading, and a case’s versions are bounded', () => {
  /** CASE_MAX_VERSIONS of this server: long enough cases that a request reading ten of them runs for a while. */
  const maxVersions = 60;
  let server: RunningServer;
  let actors: Actors;

  beforeAll(async () => {
    server = await startServer(
      productionEnv(uniqueDatabaseName('abandon'), {
        CASE_MAX_VERSIONS: String(maxVersions),
        // No database work of its own between two readings of its command counter.
        DEADLINE_POLL_SECONDS: '0',
        REPAIR_INTERVAL_SECONDS: '0',
      }),
    );
    actors = Actors.at(server.graphqlUrl);
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A draft edited until it holds `versions` versions. */
  const longCase = async (versions: number): Promise<string> => {
    const { id } = await actors.createProposal('cq.drafter');
    for (let base = 1; base < versions; base++) expect((await actors.edit('cq.drafter', id, base, `第 ${base} 稿`)).errors).toBeUndefined();
    return id;
  };

  it('refuses an edit past CASE_MAX_VERSIONS, naming the limit, and records nothing, but not the revision a case sent back needs', async () => {
    const id = await longCase(maxVersions);
    const before = (await actors.read('cq.drafter', id)).data!.case;
    const refused = await actors.edit('cq.drafter', id, maxVersions, '再一稿');
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ field: 'baseVersion', maxVersions });
    const after = await actors.query<{ case: { historyLength: number; versions: unknown[] } }>(
      'cq.drafter',
      `{ case(id: "${id}") { historyLength versions { number } } }`,
    );
    expect(after.data?.case.historyLength).toBe(before.historyLength);
    expect(after.data?.case.versions).toHaveLength(maxVersions);
    // The draft goes on as it stands; sent back for changes, its revision is taken, and the case moves on.
    for (const [user, action, extra] of [
      ['cq.drafter', 'submitForInternalReview', ''],
      ['cq.reviewer', 'approveInternally', ''],
      ['cd.reviewer', 'requestChanges', ', comment: "请补充"'],
    ] as const) {
      expect((await actors.query(user, `mutation { ${action}(input: { caseId: "${id}"${extra} }) { state } }`)).errors, action).toBeUndefined();
    }
    expect((await actors.edit('cq.drafter', id, maxVersions, '按意见修改。')).errors).toBeUndefined();
    const resubmitted = await actors.query<{ resubmitProposal: { state: string } }>(
      'cq.drafter',
      `mutation { resubmitProposal(input: { caseId: "${id}" }) { state } }`,
    );
    expect(resubmitted.data?.resubmitProposal.state).toBe('internalReview');
  });

  it('stops a request’s reads once its client has gone away', async () => {
    // Four cases of sixty versions: each one's versions and history are read in some six rounds of lookups one after
    // another, about 130 commands a case; a request stopped after its first ten commands ends within one more round.
    const ids = await Promise.all(Array.from({ length: 4 }, () => longCase(maxVersions)));
    const query = `{ ${ids.map((id, i) => `c${i}: case(id: "${id}") { versions { number } history(first: 100) { edges { node { seq } } } }`).join(' ')} }`;
    const token = await login(server.graphqlUrl, 'cq.drafter');
    expect((await gql(server.graphqlUrl, query, {}, { token })).errors).toBeUndefined();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
    await settle();
    let before = await commandsOf(server);
    await gql(server.graphqlUrl, query, {}, { token });
    const whole = (await commandsOf(server)) - before;
    // Sent again and dropped once the server has begun to read: it stops at its next batch instead of finishing for nobody.
    await settle();
    before = await commandsOf(server);
    const dropped = new AbortController();
    const sent = fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      signal: dropped.signal,
    }).catch(() => undefined);
    while ((await commandsOf(server)) - before < 10) await new Promise((resolve) => setTimeout(resolve, 2));
    dropped.abort();
    await sent;
    await settle();
    expect((await commandsOf(server)) - before).toBeLessThan(whole / 2);
    expect((await gql(server.graphqlUrl, '{ me { username } }', {}, { token })).data).toEqual({ me: { username: 'cq.drafter' } });
    expect(server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50)).toEqual([]);
  });
});
