import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBed } from '../support/bed.js';
import { loadYear, year2027 } from '../support/calendar.js';
import { Actors } from '../support/cases.js';
import { succeeded, type GraphQLResponse } from '../support/graphql.js';
import { ok, Project } from '../support/projects.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';

/**
 * The New Year a calendar file of 2026 does not know: two server processes on one database, their clocks set to
 * Tuesday 29 December 2026, 10:00 in China (scripts/shifted-clock.ts), an administrator loading 2027 through one
 * while the other counts due times.
 */
const reportedAt = Date.parse('2026-12-29T02:00:00.000Z');
const gapMessage = 'due time counted through a year the calendar does not cover (weekends only): load that year';

const FLAGS = `... on JointProject {
  milestones { id verificationDueAt verificationCalendarIncomplete verificationUnloadedYears }
  inspections { id rectificationDueAt rectificationCalendarIncomplete rectificationUnloadedYears }
}`;

interface Flags {
  milestones: { id: string; verificationDueAt: string | null; verificationCalendarIncomplete: boolean; verificationUnloadedYears: number[] }[];
  inspections: { id: string; rectificationDueAt: string; rectificationCalendarIncomplete: boolean; rectificationUnloadedYears: number[] }[];
}

interface Gap {
  project: { id: string };
  duty: string;
  subjectId: string;
  region: string;
  dueAt: string;
  unloadedYears: number[];
}

/** The count of due times resting on an unloaded year that a server's /metrics shows, by city and year. */
async function incompleteCount(server: RunningServer, city: string, year: number): Promise<number> {
  const text = await (await fetch(server.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith(`twincity_calendar_incomplete_due_times_total{city="${city}",year="${year}"}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('a verification period over New Year while 2027 is not loaded', () => {
  const database = uniqueDatabaseName('newyear');
  const clockFile = path.join(mkdtempSync(path.join(tmpdir(), 'twincity-clock-')), 'offset');
  let counting: RunningServer;
  let loading: RunningServer;
  let actors: Actors;
  let admin: Actors;
  let project: Project;

  beforeAll(async () => {
    writeFileSync(clockFile, String(reportedAt - Date.now()));
    [counting, loading] = await Promise.all([startServer(productionEnv(database), clockFile), startServer(productionEnv(database), clockFile)]);
    actors = Actors.at(counting.graphqlUrl);
    admin = Actors.at(loading.graphqlUrl);
    const signers = { cq: ed25519Signer(), cd: sm2Signer() };
    const bed = {
      actors,
      signers,
      keys: { cq: await actors.registerKey('cq.signatory', signers.cq), cd: await actors.registerKey('cd.signatory', signers.cd) },
    } as TestBed;
    project = await Project.open(actors);
    await project.start(bed);
  });
  afterAll(async () => {
    await Promise.all([counting.stop(), loading.stop()]);
  });

  const flags = async () =>
    succeeded(await actors.query<{ case: Flags }>('auditor', `query($id: ID!) { case(id: $id) { ${FLAGS} } }`, { id: project.id })).case;
  const supervision = async (args = '') =>
    succeeded(
      await actors.query<{ supervision: { calendarIncomplete: Gap[] } }>(
        'joint.coordinator',
        `{ supervision${args} { calendarIncomplete { project { id } duty subjectId region dueAt unloadedYears } } }`,
      ),
    ).supervision.calendarIncomplete;
  /** Waits until the server has logged the request's own line: whatever the request logged came before it. */
  const requestLogged = (server: RunningServer, response: GraphQLResponse<unknown>) =>
    server.waitForLog((entry) => entry.msg === 'request' && entry.requestId === response.headers.get('x-request-id'));
  const gapLogs = (server: RunningServer) => server.logs.filter((entry) => entry.msg === gapMessage && entry.caseId === project.id);

  it('flags the due time counted with 1 January as a working day, in the case, in supervision, in the log once and on /metrics', async () => {
    // Chongqing reports M1; Chengdu verifies within 5 working days: 30, 31 December, then 1, 4 and 5 January.
    const report = await project.report('cq.drafter', 'M1');
    ok(report);
    let view = await flags();
    expect(view.milestones[0]).toEqual({
      id: 'M1',
      verificationDueAt: '2027-01-05T16:00:00.000Z',
      verificationCalendarIncomplete: true,
      verificationUnloadedYears: [2027],
    });
    expect(view.milestones[1]).toMatchObject({ verificationDueAt: null, verificationCalendarIncomplete: false, verificationUnloadedYears: [] });

    // An inspection of Chengdu with 3 working days to rectify rests on 2027 too: logged once for the case and year.
    const inspection = await project.inspect('joint.coordinator', 'COUNTERPART', '接入进度滞后', { rectificationWorkingDays: 3 });
    ok(inspection);
    view = await flags();
    expect(view.inspections[0]).toEqual({
      id: 'I1',
      rectificationDueAt: '2027-01-01T16:00:00.000Z',
      rectificationCalendarIncomplete: true,
      rectificationUnloadedYears: [2027],
    });
    await requestLogged(counting, report);
    await requestLogged(counting, inspection);
    expect(gapLogs(counting)).toEqual([
      expect.objectContaining({ level: 40, caseId: project.id, subject: 'M1', city: 'CHENGDU', year: 2027, dueAt: '2027-01-05T16:00:00.000Z' }),
    ]);
    expect(await incompleteCount(counting, 'CHENGDU', 2027)).toBe(2);
    expect(await incompleteCount(loading, 'CHENGDU', 2027)).toBe(0);

    expect(await supervision()).toEqual([
      { project: { id: project.id }, duty: 'RECTIFICATION', subjectId: 'I1', region: 'CHENGDU', dueAt: '2027-01-01T16:00:00.000Z', unloadedYears: [2027] },
      { project: { id: project.id }, duty: 'VERIFICATION', subjectId: 'M1', region: 'CHENGDU', dueAt: '2027-01-05T16:00:00.000Z', unloadedYears: [2027] },
    ]);
    expect(await supervision('(region: CHONGQING)')).toEqual([]);
    expect((await supervision('(agencyId: "CD-ONLINE-GOV")')).map((gap) => gap.subjectId)).toEqual(['I1', 'M1']);
  });

  it('counts 1 January as a holiday once an administrator has loaded 2027 through the other server; recorded due times keep theirs, flagged', async () => {
    expect(succeeded(await loadYear(admin, 'admin', year2027())).loadCalendarYear).toMatchObject({ year: 2027, revision: 1, inForce: true });

    // Chengdu reports M2; Chongqing verifies within 5 working days: 30, 31 December, (1–3 January off) 4, 5, 6 January.
    const report = await project.report('cd.drafter', 'M2');
    ok(report);
    const view = await flags();
    expect(view.milestones[1]).toEqual({
      id: 'M2',
      verificationDueAt: '2027-01-06T16:00:00.000Z',
      verificationCalendarIncomplete: false,
      verificationUnloadedYears: [],
    });
    expect(view.milestones[0]).toEqual({
      id: 'M1',
      verificationDueAt: '2027-01-05T16:00:00.000Z',
      verificationCalendarIncomplete: true,
      verificationUnloadedYears: [2027],
    });
    expect(view.inspections[0]).toMatchObject({ rectificationDueAt: '2027-01-01T16:00:00.000Z', rectificationCalendarIncomplete: true });
    expect((await supervision()).map((gap) => gap.subjectId)).toEqual(['I1', 'M1']);
    await requestLogged(counting, report);
    expect(gapLogs(counting)).toHaveLength(1);
    expect(await incompleteCount(counting, 'CHENGDU', 2027)).toBe(2);
    expect(await incompleteCount(counting, 'CHONGQING', 2027)).toBe(0);

    // Once verified, M1 has no verification due and nothing flagged; the history still verifies, flags and all.
    ok(await project.review('cd.reviewer', 'verifyMilestone', 'M1'));
    expect((await flags()).milestones[0]).toMatchObject({ verificationDueAt: null, verificationCalendarIncomplete: false });
    expect((await supervision()).map((gap) => gap.subjectId)).toEqual(['I1']);
    const verified = await actors.query<{ verifyCase: { valid: boolean; problems: unknown[] } }>(
      'auditor',
      'query($id: ID!) { verifyCase(id: $id) { valid problems { kind message } } }',
      { id: project.id },
    );
    expect(succeeded(verified).verifyCase).toEqual({ valid: true, problems: [] });
  });
});
