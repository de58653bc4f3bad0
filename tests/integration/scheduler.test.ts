import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBed } from '../support/bed.js';
import { Actors } from '../support/cases.js';
import { productionEnv, startServer, uniqueDatabaseName, type RunningServer } from '../support/server.js';
import { ed25519Signer, sm2Signer } from '../support/signers.js';
import { Project } from '../support/projects.js';

/**
 * The deadline scheduler in real server processes, on a shared simulated clock: the test moves the clock of
 * every running server at once (scripts/shifted-clock.ts) and watches what their schedulers record.
 */
const day = 86_400_000;

interface Overdue {
  caseId: string;
  subject: string;
  reason: string;
  lateParty: { region: string } | null;
}

class Cluster {
  readonly servers: RunningServer[] = [];
  readonly clockFile: string;
  readonly database = uniqueDatabaseName('scheduler');
  offsetMs = 0;
  actors!: Actors;
  bed!: TestBed;

  constructor() {
    this.clockFile = path.join(mkdtempSync(path.join(tmpdir(), 'twincity-clock-')), 'offset');
    writeFileSync(this.clockFile, '0');
  }

  async start(): Promise<RunningServer> {
    const server = await startServer(productionEnv(this.database, { DEADLINE_POLL_SECONDS: '1' }), this.clockFile);
    this.servers.push(server);
    return server;
  }

  /** Signs the demo users in on the first live server and registers both cities' signing keys. */
  async signIn(): Promise<void> {
    const live = this.servers.find((server) => server.process.exitCode === null && server.process.signalCode === null)!;
    this.actors = Actors.at(live.graphqlUrl);
    if (this.bed === undefined) {
      const signers = { cq: ed25519Signer(), cd: sm2Signer() };
      this.bed = {
        actors: this.actors,
        signers,
        keys: { cq: await this.actors.registerKey('cq.signatory', signers.cq), cd: await this.actors.registerKey('cd.signatory', signers.cd) },
      } as TestBed;
    }
    this.bed.actors = this.actors;
  }

  /** Moves every live server's clock to `offsetMs` from now, and waits until each of them runs on it. */
  async jump(offsetMs: number): Promise<void> {
    this.offsetMs = offsetMs;
    writeFileSync(this.clockFile, String(offsetMs));
    for (const server of this.servers) {
      if (server.process.exitCode !== null || server.process.signalCode !== null) continue;
      server.process.kill('SIGUSR2');
      await waitFor(async () => {
        const actors = Actors.at(server.graphqlUrl);
        const response = await actors.query<{ supervision: { asOf: string } }>('joint.coordinator', '{ supervision { asOf } }');
        return Date.parse(response.data?.supervision.asOf ?? '') >= Date.now() + offsetMs - 60_000;
      });
    }
    // Tokens issued before the jump have expired by the servers' clocks.
    await this.signIn();
  }

  /** The project as the demo users signed in now see it. */
  current(project: Project): Project {
    return new Project(this.actors, project.id);
  }

  /**
   * Waits until the scheduler of every live server has ended `rounds` more runs from now: the last of them began
   * after this call, so whatever was due by the servers' clocks now has been fired (a wait on work, not on time).
   */
  async schedulersRan(rounds = 2): Promise<void> {
    const live = this.servers.filter((server) => server.process.exitCode === null && server.process.signalCode === null);
    const before = await Promise.all(live.map(deadlineRuns));
    await Promise.all(live.map((server, i) => waitFor(async () => (await deadlineRuns(server)) >= (before[i] ?? 0) + rounds)));
  }

  async overdue(): Promise<Overdue[]> {
    const response = await this.actors.query<{ history: { edges: { node: Overdue }[] } }>(
      'auditor',
      '{ history(filter: { eventType: "RECORD_OVERDUE" }, first: 200) { edges { node { caseId subject reason lateParty { region } } } } }',
    );
    expect(response.errors).toBeUndefined();
    return response.data!.history.edges.map((edge) => edge.node);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => (server.process.exitCode === null && server.process.signalCode === null ? server.stop() : server.exited)));
  }
}

/** Waits for a condition; the bound only tells a condition never met from a slow one. */
async function waitFor(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs of a server's deadline scheduler that have ended, whatever their outcome (its /metrics). */
async function deadlineRuns(server: RunningServer): Promise<number> {
  const text = await (await fetch(server.metricsUrl!)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('twincity_background_runs_total{') && line.includes('task="deadlines"'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function runningProject(cluster: Cluster): Promise<Project> {
  const project = await Project.open(cluster.actors);
  await project.start(cluster.bed);
  return project;
}

describe('two server processes with their schedulers on one database', () => {
  const cluster = new Cluster();
  beforeAll(async () => {
    await cluster.start();
    await cluster.start();
    await cluster.signIn();
  });
  afterAll(() => cluster.stop());

  it('record each duty overdue exactly once when the clock passes it, and nothing before', async () => {
    const project = await runningProject(cluster);
    const reported = (await project.report('cq.drafter', 'M1')).data!.reportMilestone!;
    const verificationDueAt = Date.parse(reported.milestones[0]!.verificationDueAt!);
    const [m1, m2] = reported.milestones.map((m) => Date.parse(m.dueAt));

    // The clock jumps back a week, then to an hour before the verification is due: nothing is due yet.
    await cluster.jump(-7 * day);
    await cluster.jump(verificationDueAt - Date.now() - 3_600_000);
    await cluster.schedulersRan();
    expect(await cluster.overdue()).toEqual([]);

    await cluster.jump(verificationDueAt - Date.now() + 3_600_000);
    await waitFor(async () => (await cluster.overdue()).length === 1);
    await cluster.jump(m2! - Date.now() + 3_600_000);
    await waitFor(async () => (await cluster.overdue()).length === 2);
    // Several more rounds of both schedulers: still one record per duty.
    await cluster.schedulersRan(3);
    const records = await cluster.overdue();
    // M1 was reported in time: its own due time passing is nobody's fault; Chengdu's verification of it is late,
    // and so is Chengdu's M2. Each record names the city that is late.
    expect(records.map((r) => `${r.subject} ${r.reason.split(' / ')[1]!} — ${r.lateParty?.region ?? '?'}`).sort()).toEqual([
      'M1 the verification of milestone “M1” is overdue — CHENGDU',
      'M2 the milestone “M2” is overdue — CHENGDU',
    ]);
    expect(records.every((r) => r.caseId === project.id)).toBe(true);
    expect(m1).toBeLessThan(m2!);

    const view = await cluster.current(project).view();
    expect(view.milestones.map((m) => [m.id, m.overdue, m.overdueSince !== null])).toEqual([
      ['M1', false, false],
      ['M2', true, true],
    ]);
    expect(view.milestones[0]!.verificationOverdueSince).not.toBeNull();
    expect(view.deadlines).toEqual([]);

    // 督办: M2 overdue against its owner (Chengdu High-tech Zone, of Chengdu's side), M1's verification against Chengdu.
    type Listed = { project: { id: string }; milestone: { id: string }; lateParty: { region: string } };
    const supervision = async (args: string) => {
      const response = await cluster.actors.query<{ supervision: { overdue: Listed[]; overdueVerifications: Listed[] } }>(
        'joint.coordinator',
        `{ supervision${args} { overdue { project { id } milestone { id } lateParty { region } } overdueVerifications { project { id } milestone { id } lateParty { region } } } }`,
      );
      expect(response.errors).toBeUndefined();
      const listed = (kind: string, entries: Listed[]) =>
        entries.map((entry) => `${kind} ${entry.project.id === project.id ? 'project' : 'other'} ${entry.milestone.id} ${entry.lateParty.region}`);
      return [...listed('overdue', response.data!.supervision.overdue), ...listed('verification', response.data!.supervision.overdueVerifications)];
    };
    expect(await supervision('')).toEqual(['overdue project M2 CHENGDU', 'verification project M1 CHENGDU']);
    expect(await supervision('(region: CHENGDU)')).toEqual(['overdue project M2 CHENGDU', 'verification project M1 CHENGDU']);
    expect(await supervision('(agencyId: "CD-HITECH")')).toEqual(['overdue project M2 CHENGDU']);
    expect(await supervision('(agencyId: "CQ-BDB")')).toEqual([]);
    const verified = await cluster.actors.query<{ verifyCase: { valid: boolean } }>('auditor', 'query($id: ID!) { verifyCase(id: $id) { valid } }', {
      id: project.id,
    });
    expect(verified.data?.verifyCase.valid).toBe(true);
  });
});

describe('a server killed with -9 while deadlines come due', () => {
  const cluster = new Cluster();
  beforeAll(async () => {
    await cluster.start();
    await cluster.signIn();
  });
  afterAll(() => cluster.stop());

  it('loses no firing and doubles none: the next server fires what is left, each once', async () => {
    const projects = [];
    for (let i = 0; i < 6; i += 1) projects.push(await runningProject(cluster));
    const firstDue = Date.parse((await projects[0]!.view()).milestones[0]!.dueAt);

    const [victim] = cluster.servers;
    await cluster.jump(firstDue - Date.now() + 3_600_000);
    await waitFor(async () => (await cluster.overdue()).length > 0);
    victim!.process.kill('SIGKILL');
    await victim!.exited;

    await cluster.start();
    await cluster.signIn();
    await waitFor(async () => (await cluster.overdue()).length === projects.length);
    await cluster.schedulersRan(3);
    const records = await cluster.overdue();
    expect(records.map((r) => r.caseId).sort()).toEqual(projects.map((p) => p.id).sort());
    expect(records.every((r) => r.subject === 'M1')).toBe(true);
    for (const project of projects) {
      const view = await cluster.current(project).view();
      expect(view.deadlines.map((d) => d.kind)).toEqual(['MILESTONE:M2']);
      const verified = await cluster.actors.query<{ verifyCase: { valid: boolean } }>('auditor', 'query($id: ID!) { verifyCase(id: $id) { valid } }', {
        id: project.id,
      });
      expect(verified.data?.verifyCase.valid).toBe(true);
    }
  });
});
