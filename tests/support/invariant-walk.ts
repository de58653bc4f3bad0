import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getInitialSnapshot, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../workflows/types.js';
import { sharedTarget } from './alignment-model.js';
import { useTestBed, type TestBed } from './bed.js';
import { demoUsers, type DemoUser } from './cases.js';
import { codes, succeeded } from './graphql.js';
import { expectWaitingAgreesWithInboxes } from './invariants.js';
import { actorFor, people } from './model-actors.js';
import { topOf, type WalkModel } from './model-paths.js';
import { everythingSeenBy, leaked } from './seen.js';
import type { CaseWalk, Texts } from './walkers.js';

type City = 'CHONGQING' | 'CHENGDU';
const cityUsers: Record<City, DemoUser[]> = {
  CHONGQING: ['cq.drafter', 'cq.reviewer', 'cq.signatory'],
  CHENGDU: ['cd.drafter', 'cd.reviewer', 'cd.signatory'],
};
const cityOf = (user: DemoUser): City | undefined => (user.startsWith('cq.') ? 'CHONGQING' : user.startsWith('cd.') ? 'CHENGDU' : undefined);
const other = (city: City): City => (city === 'CHONGQING' ? 'CHENGDU' : 'CHONGQING');

/** One accepted step, as the visibility rules see it. */
export interface AcceptedStep<E> {
  index: number;
  user: DemoUser;
  event: E;
  before: AnyMachineSnapshot;
  after: AnyMachineSnapshot;
}

/**
 * What one city must not read of the other's work, written from DESIGN §9 rather than from the server's code:
 * `record` is told every accepted step and keeps the marker texts each city may not see at that moment.
 */
export interface VisibilityRules<E> {
  record(step: AcceptedStep<E>, texts: Texts): void;
  hiddenFrom(city: City): string[];
  /** Numbers of the versions the city must not read, nor their content hashes. */
  hiddenVersions(city: City): number[];
  /** Texts the city must read by now (what was handed to it), so that a walk cannot pass by showing nothing. */
  shownTo(city: City): string[];
}

/** The markers of one walk: every text a step writes is unique and ends in 号, so none is a prefix of another. */
export function markerTexts(token: string): Texts {
  return {
    title: (index) => `成渝数据共享政策 ${token}-t${index}号`,
    body: (index) => `修订稿 ${token}-b${index}号`,
    note: (index) => `修改说明 ${token}-n${index}号`,
    words: (index) => `意见 ${token}-w${index}号`,
    item: (index) => `新建 5G 基站 ${token}-i${index}号`,
  };
}

/**
 * The initiator's work stays its own until handed over (a proposal's internal approval, a project's submission):
 * versions never handed over (title, body, change note), a change note written against such a draft, and the
 * words said in the initiator's internal states. Used for a proposal and a project, whose initiator is Chongqing.
 */
export function initiatorRules<E extends { type: string; version?: { number: number } }>(
  internalStates: readonly string[],
  handover: E['type'],
): VisibilityRules<E> {
  const versions = new Map<number, { title: string; body: string; note: string }>();
  const handed = new Set<number>([1]);
  const hidden = new Set<string>();
  const shown = new Set<string>();
  return {
    record({ index, event, before, after }, texts) {
      if (event.type === 'EDIT' && event.version !== undefined) {
        const version = { title: texts.title!(index), body: texts.body(index), note: texts.note(index) };
        versions.set(event.version.number, version);
        for (const text of Object.values(version)) hidden.add(text);
      }
      if (internalStates.includes(topOf(before))) hidden.add(texts.words(index));
      if (event.type === handover) {
        const number = (after.context as { version: { number: number } }).version.number;
        handed.add(number);
        const version = versions.get(number);
        if (version === undefined) return;
        for (const text of [version.title, version.body]) {
          hidden.delete(text);
          shown.add(text);
        }
        if (handed.has(number - 1)) hidden.delete(version.note);
      }
    },
    hiddenFrom: (city) => (city === 'CHENGDU' ? [...hidden] : []),
    hiddenVersions: (city) => (city === 'CHENGDU' ? [...versions.keys()].filter((number) => !handed.has(number)) : []),
    shownTo: (city) => (city === 'CHENGDU' ? [...shown] : []),
  };
}

/**
 * In a plan alignment each city's section is its own until both are submitted; an item removed before that is
 * never seen by the other city.
 */
export function sectionRules<E extends { type: string }>(): VisibilityRules<E> {
  const drafts: Record<City, Set<string>> = { CHONGQING: new Set(), CHENGDU: new Set() };
  const withdrawn: Record<City, Set<string>> = { CHONGQING: new Set(), CHENGDU: new Set() };
  const shown: Record<City, Set<string>> = { CHONGQING: new Set(), CHENGDU: new Set() };
  return {
    record({ index, user, event, before, after }, texts) {
      const city = cityOf(user);
      if (city === undefined) return;
      // An item the same as the other city's (the model's shared target) is no one's marker.
      if (event.type === 'ADD_ITEM' && (event as { item?: { target: string } }).item?.target !== sharedTarget) drafts[city].add(texts.item(index));
      if (event.type === 'REMOVE_ITEM') {
        for (const text of drafts[city]) withdrawn[city].add(text);
        drafts[city].clear();
      }
      if (topOf(before) === 'collecting' && topOf(after) !== 'collecting') {
        for (const side of ['CHONGQING', 'CHENGDU'] as const) {
          for (const text of drafts[side]) shown[other(side)].add(text);
          drafts[side].clear();
        }
      }
    },
    // What a city drafts is hidden from the other while it is a draft, and for ever once removed as one.
    hiddenFrom: (city) => [...drafts[other(city)], ...withdrawn[other(city)]],
    shownTo: (city) => [...shown[city]],
    // Every version of an alignment is shared: the charter, then the memorandum.
    hiddenVersions: () => [],
  };
}

/** How a workflow is walked at random: its model, how a case is opened and stepped, and what stays internal. */
export interface WalkPlan<E> {
  name: string;
  model: WalkModel<E>;
  open(bed: TestBed): Promise<CaseWalk<E>>;
  rules(): VisibilityRules<NoInfer<E>>;
  steps: number;
  /** Events drawn rarely, one time in as many as given: those that end a case early, those that undo the last step. */
  rarity: Readonly<Record<string, number>>;
  /** (I4) Checks that what is signed holds everything it covers, given the case as the auditor reads it. */
  signedCovers?(view: AuditorView): void;
}

export interface AuditorView {
  state: string;
  currentVersion: { number: number; contentHash: string; content: { body: string } };
  versions: { number: number; contentHash: string }[];
  signatures: { current: boolean; contentHash: string; versionNumber: number }[];
  items?: { target: string }[];
  pairs?: { status: string; resolution: string | null }[];
}

const AUDITOR_VIEW = `state currentVersion { number contentHash content { body } } versions { number contentHash } signatures { current contentHash versionNumber }
  ... on PlanAlignment { items { target } pairs { status resolution } }`;

/** The case as one user is told it: everything but what they may do (decided on the case as it stands); null when hidden. */
const TOLD = `state historyLength headHash updatedAt createdAt title deadlines { kind dueAt } currentVersion { number contentHash }
  waitingFor { region role actions agency { id } users { username } }`;
const told = async (bed: TestBed, user: DemoUser, id: string): Promise<{ historyLength: number } | null> =>
  (await bed.actors.query<{ case: { historyLength: number } }>(user, `query($id: ID!) { case(id: $id) { ${TOLD} } }`, { id })).data?.case ?? null;

/** The case's history length and head, as the auditor reads them: what a refused step must leave as it was. */
const headOf = async (bed: TestBed, id: string): Promise<{ historyLength: number; headHash: string }> =>
  succeeded(
    await bed.actors.query<{ case: { historyLength: number; headHash: string } }>('auditor', 'query($id: ID!) { case(id: $id) { historyLength headHash } }', {
      id,
    }),
  ).case;

const userOf = (actor: Actor): DemoUser => (actor.kind === 'user' ? (actor.userId as DemoUser) : 'joint.coordinator');

/** The event as `user` would send it, and whether the model lets them; the auditor and admin act in no workflow. */
function asUser<E extends { actor: Actor }>(snapshot: AnyMachineSnapshot, event: E, user: DemoUser): { event: E; allowed: boolean } {
  if (!(user in people)) return { event, allowed: false };
  const mine = { ...event, actor: actorFor(user) };
  return { event: mine, allowed: snapshot.can(mine) };
}

interface Choice {
  pick: number;
  /** 0: someone the model does not let act tries an action offered to another; otherwise an allowed action. */
  intruder: number;
  user: number;
}

/**
 * A test file's walks of one workflow: a server of its own, and `runs` walks at a time (see `walkAtRandom`). No
 * timeout on the whole walk: its length is its number of steps (rounds of a fixed size, at most five), however fast
 * the machine, and a hung request fails it by itself (`requestHangGuardMs`).
 */
export function describeInvariantWalks<E extends { type: string; actor: Actor }>(title: string, plan: WalkPlan<E>, runs: number): void {
  describe(`random walks of ${title} keep what users rely on after every step`, () => {
    const bed = useTestBed(`${plan.name}_walks`);
    it(title, () => walkAtRandom(bed, plan, runs), 0);
  });
}

/**
 * Random walks of one workflow through GraphQL as the demo users, checking after every step what users rely on:
 * (I1) no response to the other city holds a text internal to one city; (I2) the case waits for someone exactly
 * when it is not final, and is in the inboxes of exactly those; (I3) it verifies; (I4) what is signed holds
 * everything it covers; (I5) an action succeeds exactly when it is in the caller's `availableActions` (and the
 * model allows it), and a refused one changes nothing. The seed is printed, and `WALK_SEED` replays it.
 */
export async function walkAtRandom<E extends { type: string; actor: Actor }>(bed: TestBed, plan: WalkPlan<E>, runs: number): Promise<void> {
  const seed = Number(process.env.WALK_SEED ?? Date.now() % 2 ** 31);
  process.stdout.write(`${plan.name}: invariant walks with seed ${seed} (replay: WALK_SEED=${seed})\n`);
  let walkNumber = 0;
  let hiddenChecked = 0;
  // Unbiased: fast-check favours small and extreme values by default, and a small pick is always the first event.
  const choices = fc.array(fc.noBias(fc.record({ pick: fc.nat(), intruder: fc.nat({ max: 3 }), user: fc.nat() })), {
    minLength: plan.steps,
    maxLength: plan.steps,
  });
  // Walks go on, a round at a time, until one has put something internal before the other city: else I1 checked
  // nothing. Bounded, so that a workflow that never makes anything internal fails rather than walks for ever.
  for (let round = 0; round === 0 || hiddenChecked === 0; round += 1) {
    expect(round, `${plan.name}: no walk in ${round} rounds put anything internal before the other city`).toBeLessThan(5);
    // The walks of a round go at once, on cases of their own, as users work on many cases at a time.
    const walks = fc.sample(choices, { seed: seed + round, numRuns: runs }).map((walkChoices) => {
      walkNumber += 1;
      return walkOnce(bed, plan, walkChoices, `${seed}${walkNumber}`);
    });
    // Each walk ends before the test does, a failed one too: none is left acting on a server being stopped.
    const ended = await Promise.allSettled(walks);
    for (const walk of ended) {
      if (walk.status === 'rejected') throw walk.reason;
      hiddenChecked += walk.value;
    }
  }
}

async function walkOnce<E extends { type: string; actor: Actor }>(bed: TestBed, plan: WalkPlan<E>, choices: Choice[], token: string): Promise<number> {
  const { actors } = bed;
  const texts = markerTexts(token);
  const rules = plan.rules();
  const walk = await plan.open(bed);
  let snapshot = getInitialSnapshot(plan.model.machine, plan.model.input);
  const done: string[] = [];
  let lastType: string | undefined;
  let hiddenChecked = 0;
  // The content hashes of the versions, as of the last step, so that an internal draft's hash is a marker too.
  let hashes = new Map<number, string>();
  const hiddenFrom = (city: City) => [...rules.hiddenFrom(city), ...rules.hiddenVersions(city).map((number) => hashes.get(number)!)];
  for (const [index, choice] of choices.entries()) {
    const allowed = plan.model.events(snapshot);
    if (allowed.length === 0) break;
    // Walks should go deep: a rare step is drawn as rarely as the plan says, the same kind of step twice running
    // (edit after edit) one time in ten.
    const weights = allowed.map((event) => (event.type === lastType ? 0.1 : 1) / (plan.rarity[event.type] ?? 1));
    let draw = (choice.pick / 2 ** 31) * weights.reduce((sum, weight) => sum + weight, 0);
    const offered = allowed.find((_, i) => (draw -= weights[i]!) < 0) ?? allowed.at(-1)!;
    const intruder = choice.intruder === 0 ? demoUsers[choice.user % demoUsers.length]! : undefined;
    const { event, allowed: permitted } = intruder === undefined ? { event: offered, allowed: true } : asUser(snapshot, offered, intruder);
    const user = intruder ?? userOf(offered.actor);
    const where = `${plan.name} walk ${token}, after ${done.join(' → ') || 'the start'}: ${user}:${event.type}`;

    const readers = (['CHONGQING', 'CHENGDU'] as const).map((city) => cityUsers[city][index % 3]!);
    const [offers, headBefore, toldBefore] = await Promise.all([
      // A case the caller may not see offers them nothing.
      actors.query<{ case: { availableActions: string[] } }>(user, 'query($id: ID!) { case(id: $id) { availableActions } }', { id: walk.id }),
      headOf(bed, walk.id),
      Promise.all(readers.map((reader) => told(bed, reader, walk.id))),
    ]);
    const response = await walk.step(user, event, index, texts);
    const accepted = response.errors === undefined;
    const offeredToCaller = offers.data?.case.availableActions.includes(event.type) ?? false;

    // (I5) The model, the caller's availableActions and the server agree.
    expect(accepted, `${where}: the model ${permitted ? 'allows' : 'refuses'} it; answered ${JSON.stringify(codes(response))}`).toBe(permitted);
    if (accepted) expect(offeredToCaller, `${where}: accepted, so it must have been offered`).toBe(true);
    if (!offeredToCaller) expect(accepted, `${where}: not offered, so it must be refused`).toBe(false);
    if (!accepted) {
      // An intruder's event carries the data of the party it was offered to (another agency's item, a topic its own
      // side already holds): refused as input, BAD_USER_INPUT, as much as by role or state.
      expect(codes(response), `${where}: a refusal names why`).toEqual([expect.stringMatching(/^(FORBIDDEN|NOT_FOUND|INVALID_TRANSITION|BAD_USER_INPUT)$/)]);
      expect(await headOf(bed, walk.id), `${where}: a refusal changes nothing`).toEqual(headBefore);
      done.push(`${user}:${event.type}✗`);
      continue;
    }
    const [next] = transition(plan.model.machine, snapshot, event);
    rules.record({ index, user, event, before: snapshot, after: next }, texts);
    snapshot = next;
    lastType = event.type;
    done.push(`${user}:${event.type}`);

    const view = succeeded(await actors.query<{ case: AuditorView }>('auditor', `query($id: ID!) { case(id: $id) { ${AUDITOR_VIEW} } }`, { id: walk.id })).case;
    hashes = new Map(view.versions.map((version) => [version.number, version.contentHash]));
    expect(view.state, `${where}: the server is where the model is`).toBe(topOf(snapshot));

    // The checks read and change nothing, so they are asked at once.
    await Promise.all([
      // (I1) What each city reads, through every route, holds nothing internal to the other; one of its users a step.
      ...(['CHONGQING', 'CHENGDU'] as const).map(async (city) => {
        const hidden = hiddenFrom(city);
        const shown = rules.shownTo(city);
        if (hidden.length === 0 && shown.length === 0) return;
        const reader = cityUsers[city][index % 3]!;
        const seen = await everythingSeenBy(actors, reader, walk.id, 'newest');
        expect(leaked(seen, hidden), `${where}: ${reader} reads the other city's internal texts`).toEqual([]);
        expect(
          shown.filter((text) => !seen.includes(text)),
          `${where}: ${reader} misses what was handed over`,
        ).toEqual([]);
        hiddenChecked += hidden.length;
      }),
      // (I6) A step a city may not read changes nothing it is told of the case: not its state, whom it waits for, its
      // deadlines, length or times. Else watching the case would show the other city's internal work as it happens.
      ...readers.map(async (reader, i) => {
        const before = toldBefore[i] ?? null;
        const after = await told(bed, reader, walk.id);
        if (before !== null && after?.historyLength === before.historyLength)
          expect(after, `${where}: ${reader} is told of a step it may not read`).toEqual(before);
      }),
      // (I2) Whom it waits for, and the inboxes.
      expectWaitingAgreesWithInboxes(actors, walk.id),
      // (I3) It verifies.
      (async () => {
        const verified = succeeded(
          await actors.query<{ verifyCase: { valid: boolean; problems: { kind: string; message: string }[] } }>(
            'auditor',
            'query($id: ID!) { verifyCase(id: $id) { valid problems { kind message } } }',
            { id: walk.id },
          ),
        );
        expect(verified.verifyCase, `${where}: verifyCase`).toEqual({ valid: true, problems: [] });
      })(),
    ]);
    // (I4) A current signature is over the current version, and that version holds everything it covers.
    for (const signature of view.signatures.filter((s) => s.current)) {
      expect([signature.versionNumber, signature.contentHash], `${where}: a current signature is over the current version`).toEqual([
        view.currentVersion.number,
        view.currentVersion.contentHash,
      ]);
    }
    plan.signedCovers?.(view);
  }
  process.stdout.write(`${plan.name} walk ${token}: ${done.join(' → ')} (ends ${topOf(snapshot)})\n`);
  // At the end, every user of each city reads everything once more; its signatory every diff and every past state.
  await Promise.all(
    (['CHONGQING', 'CHENGDU'] as const).flatMap((city) =>
      cityUsers[city].map(async (reader) => {
        const seen = await everythingSeenBy(actors, reader, walk.id, reader.endsWith('signatory') ? 'all' : 'newest');
        expect(leaked(seen, hiddenFrom(city)), `${plan.name} walk ${token} at its end: ${reader}`).toEqual([]);
      }),
    ),
  );
  return hiddenChecked;
}
