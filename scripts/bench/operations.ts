import { ed25519Signer, sm2Signer, type Signer } from '../../tests/support/signers.js';
import { CaseTemplate, insertCopies } from './copies.js';
import type { BenchUser, World } from './world.js';

const FIELDS = 'id state historyLength';
const CREATE = `mutation($i: CreateProposalInput!) { createProposal(input: $i) { ${FIELDS} } }`;
const action = (mutation: string): string => `mutation($i: CaseActionInput!) { ${mutation}(input: $i) { ${FIELDS} } }`;
const SIGN = `mutation($i: SignCaseInput!) { signCase(input: $i) { ${FIELDS} } }`;
const PAYLOAD = 'query($c: ID!, $k: ID!) { signingPayload(caseId: $c, keyId: $k, action: "SIGN") { payload } }';
const INBOX = 'query { inbox(first: 20) { edges { node { id title state deadlines { kind dueAt } } } } }';
const HISTORY = 'query($f: HistoryFilter) { history(filter: $f, first: 50) { edges { node { caseId seq type fromState toState at actor { username } } } } }';
const CASE = 'query($id: ID!) { case(id: $id) { id title state historyLength availableActions waitingFor { region role } } }';
const VERIFY = 'query($id: ID!) { verifyCase(id: $id) { valid entriesChecked signaturesChecked } }';
const EDIT = `mutation($i: EditDocumentInput!) { editDocument(input: $i) { ${FIELDS} } }`;

const document = (body = '# 总则\n\n一、共建成渝地区数据交换中心。\n二、统一数据流通标准。\n三、联合开展数据安全监管。') => ({
  title: '成渝地区数据共享与流通联合政策',
  titleEn: 'Joint policy on data sharing between Chengdu and Chongqing',
  summary: '建立川渝数据共享交换机制，推动跨区域数据流通。',
  body,
  policyAreas: ['BIG_DATA', 'DATA_CIRCULATION'],
});

type Variables = Record<string, unknown>;

/** One benchmarked operation: who sends it, what, and the cases each send needs prepared beforehand. */
export interface Operation {
  name: string;
  user: BenchUser;
  query: string;
  /** Variables for n sends (each a separate prepared case when the operation changes one), made before timing. */
  prepare(world: World, n: number): Promise<Variables[]>;
  /** The case an operation acted on, renamed in the raw-driver replay; none for reads. */
  subject?: (variables: Variables, data: Record<string, unknown>) => string;
  /** Whether that case is made by the operation (a replay then names a new one) rather than prepared before it. */
  createsCase?: boolean;
}

/** Runs `work` over `items` with `concurrency` in flight (preparation, not measured). */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next;
        next += 1;
        results[i] = await work(items[i] as T);
      }
    }),
  );
  return results;
}

const createInput = () => ({ i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: document() } });

export async function createDrafts(world: World, n: number): Promise<string[]> {
  return inParallel(
    Array.from({ length: n }),
    8,
    async () => (await world.http<{ createProposal: { id: string } }>('cq.drafter', CREATE, createInput())).createProposal.id,
  );
}

/** A proposal shared with Chengdu and accepted: waiting for both signatories. */
async function walkToSigning(world: World): Promise<string> {
  const [caseId = ''] = await createDrafts(world, 1);
  await world.http('cq.drafter', action('submitForInternalReview'), { i: { caseId } });
  await world.http('cq.reviewer', action('approveInternally'), { i: { caseId } });
  await world.http('cd.reviewer', action('acceptProposal'), { i: { caseId } });
  return caseId;
}

const signingTemplates = new WeakMap<World, Promise<CaseTemplate>>();

/** One case walked to the signatures through the server, kept per database as the template of the rest. */
export function signingTemplate(world: World): Promise<CaseTemplate> {
  let template = signingTemplates.get(world);
  if (template === undefined) {
    template = walkToSigning(world).then((caseId) => CaseTemplate.of(world, caseId));
    signingTemplates.set(world, template);
  }
  return template;
}

/** n cases waiting for both signatories: copies of one that went there through the server. */
export async function createSigningCases(world: World, n: number): Promise<string[]> {
  return insertCopies(world, [await signingTemplate(world)], n);
}

/** A case with `entries` history entries: a draft edited over and over. */
export async function createLongCase(world: World, entries: number): Promise<string> {
  const [caseId] = await createDrafts(world, 1);
  if (caseId === undefined) throw new Error('no case created');
  for (let number = 1; number < entries; number += 1) {
    await world.http('cq.drafter', EDIT, {
      i: { caseId, baseVersion: number, document: document(`修订第 ${String(number)} 稿`), changeNote: `第 ${String(number)} 次修改` },
    });
  }
  return caseId;
}

/** A proposal both cities signed: adopted, its case ended — what most of the years of cases are. */
export async function adoptedTemplate(world: World): Promise<CaseTemplate> {
  const caseId = await walkToSigning(world);
  for (const [user, signer] of [
    ['cq.signatory', signers.ED25519],
    ['cd.signatory', counterpartSigner],
  ] as const) {
    const key = await registeredKey(world, user, signer);
    const { payload } = (await world.http<{ signingPayload: { payload: string } }>(user, PAYLOAD, { c: caseId, k: key })).signingPayload;
    await world.http(user, SIGN, { i: { caseId, payload, signature: signer.sign(payload) } });
  }
  return CaseTemplate.of(world, caseId);
}

/** The bench signatory's keys, one per algorithm, each registered once per database. */
const signers: Record<Signer['algorithm'], Signer> = { ED25519: ed25519Signer(), SM2: sm2Signer() };
const counterpartSigner = ed25519Signer();
const signingKeys = new WeakMap<World, Map<Signer, Promise<string>>>();

/** `signer`'s key registered for `user`, once per database. */
function registeredKey(world: World, user: BenchUser, signer: Signer): Promise<string> {
  const keys = signingKeys.get(world) ?? new Map<Signer, Promise<string>>();
  signingKeys.set(world, keys);
  let key = keys.get(signer);
  if (key === undefined) {
    key = world
      .http<{ registerSigningKey: { id: string } }>(
        user,
        'mutation($a: SignatureAlgorithm!, $k: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: "bench") { id } }',
        { a: signer.algorithm, k: signer.publicKey },
      )
      .then((data) => data.registerSigningKey.id);
    keys.set(signer, key);
  }
  return key;
}

const signingKey = (world: World, algorithm: Signer['algorithm']): Promise<string> => registeredKey(world, 'cq.signatory', signers[algorithm]);

/** A signature on a case awaiting both signatories, with a key of `algorithm`. */
const signature = (algorithm: Signer['algorithm'], label: string): Operation => ({
  name: `signature (${label})`,
  user: 'cq.signatory',
  query: SIGN,
  prepare: async (world, n) => {
    const key = await signingKey(world, algorithm);
    return inParallel(await createSigningCases(world, n), 8, async (caseId) => {
      const { payload } = (await world.http<{ signingPayload: { payload: string } }>('cq.signatory', PAYLOAD, { c: caseId, k: key })).signingPayload;
      return { i: { caseId, payload, signature: signers[algorithm].sign(payload) } };
    });
  },
  subject: (variables) => (variables.i as { caseId: string }).caseId,
});

export function operations(longCaseId: () => string): Operation[] {
  return [
    {
      name: 'inbox (busy user)',
      user: 'cd.signatory',
      query: INBOX,
      prepare: (_world, n) => Promise.resolve(Array.from({ length: n }, () => ({}))),
    },
    {
      name: 'history page (50)',
      user: 'auditor',
      query: HISTORY,
      prepare: (_world, n) => Promise.resolve(Array.from({ length: n }, () => ({ f: { region: 'CHONGQING' } }))),
    },
    {
      name: 'case read',
      user: 'cq.drafter',
      query: CASE,
      prepare: (_world, n) => Promise.resolve(Array.from({ length: n }, () => ({ id: longCaseId() }))),
    },
    {
      name: 'verifyCase (100 entries)',
      user: 'auditor',
      query: VERIFY,
      prepare: (_world, n) => Promise.resolve(Array.from({ length: n }, () => ({ id: longCaseId() }))),
    },
    {
      name: 'create proposal',
      user: 'cq.drafter',
      query: CREATE,
      prepare: (_world, n) => Promise.resolve(Array.from({ length: n }, createInput)),
      subject: (_variables, data) => (data.createProposal as { id: string }).id,
      createsCase: true,
    },
    {
      name: 'transition',
      user: 'cq.drafter',
      query: action('submitForInternalReview'),
      prepare: async (world, n) => (await createDrafts(world, n)).map((caseId) => ({ i: { caseId } })),
      subject: (variables) => (variables.i as { caseId: string }).caseId,
    },
    signature('ED25519', 'Ed25519'),
    signature('SM2', 'SM2'),
  ];
}
