import { expect } from 'vitest';
import type { Actors, DemoUser } from './cases.js';
import type { GraphQLResponse } from './graphql.js';
import type { TestBed } from './bed.js';

export const PROJECT_FIELDS = `
  id state historyLength availableActions currentVersion { number contentHash }
  deadlines { kind dueAt }
  ... on JointProject {
    goals budget { side region leadAgency { id } amount }
    milestones { id title side region ownerAgency { id } dueDate dueAt status overdue overdueSince verificationDueAt verificationOverdueSince reports { text } rejections { text } }
    inspections { id side region status findings rectificationDueAt overdueSince rectifications { text } returns { text } openedByRegion }
    endorsedBy suspensionRequestedBy resumptionRequestedBy startedAt suspendedSince
  }
`;

export interface MilestoneView {
  id: string;
  title: string;
  side: string;
  region: string;
  dueDate: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  overdueSince: string | null;
  verificationDueAt: string | null;
  verificationOverdueSince: string | null;
  reports: { text: string }[];
  rejections: { text: string }[];
}

export interface ProjectView {
  id: string;
  state: string;
  historyLength: number;
  availableActions: string[];
  currentVersion: { number: number; contentHash: string };
  deadlines: { kind: string; dueAt: string }[];
  goals: string[];
  budget: { side: string; region: string; leadAgency: { id: string }; amount: string }[];
  milestones: MilestoneView[];
  inspections: {
    id: string;
    side: string;
    status: string;
    findings: string;
    rectificationDueAt: string;
    overdueSince: string | null;
    rectifications: { text: string }[];
    returns: { text: string }[];
  }[];
  endorsedBy: string[];
  suspensionRequestedBy: string[];
  resumptionRequestedBy: string[];
  startedAt: string | null;
  suspendedSince: string | null;
}

/** A date `days` after today (UTC), YYYY-MM-DD. */
export const daysFromNow = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** 成渝 joint data-exchange hub: Chongqing builds the hub, Chengdu connects its platform. */
export const samplePlan = (dueInDays: [number, number] = [60, 120]) => ({
  goals: ['建成成渝数据交换中心', '两地政务数据互认共享'],
  initiatorBudget: '1200',
  counterpartBudget: '800.5',
  initiatorLeadAgencyId: 'CQ-BDB',
  counterpartLeadAgencyId: 'CD-ONLINE-GOV',
  milestones: [
    { title: '数据交换中心上线', side: 'INITIATOR', dueDate: daysFromNow(dueInDays[0]), deliverable: '交换中心运行报告' },
    { title: '成都平台接入', side: 'COUNTERPART', ownerAgencyId: 'CD-HITECH', dueDate: daysFromNow(dueInDays[1]), deliverable: '接入测试报告' },
  ],
});

export const projectDocument = {
  title: '成渝数据交换中心联合项目',
  titleEn: 'Chengdu–Chongqing data exchange hub',
  summary: '共建数据交换中心，推动两地政务数据互认共享。',
  body: '# 项目建议书\n\n一、建设内容。\n二、分工与经费。',
  policyAreas: ['BIG_DATA', 'DATA_CIRCULATION'],
};

type Response = GraphQLResponse<Record<string, ProjectView>>;

/** Speaks the joint-project mutations as the demo users. */
export class Project {
  constructor(
    private readonly actors: Actors,
    readonly id: string,
  ) {}

  static async open(actors: Actors, extra: Record<string, unknown> = {}): Promise<Project> {
    const response = await actors.query<{ createJointProject: { id: string } }>(
      'cq.drafter',
      'mutation($i: CreateJointProjectInput!) { createJointProject(input: $i) { id } }',
      {
        i: { counterpartAgencyId: 'CD-ONLINE-GOV', document: projectDocument, plan: samplePlan(), ...extra },
      },
    );
    expect(response.errors).toBeUndefined();
    return new Project(actors, response.data!.createJointProject.id);
  }

  call(user: DemoUser, mutation: string, inputType: string, input: Record<string, unknown> = {}): Promise<Response> {
    return this.actors.query(user, `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${PROJECT_FIELDS} } }`, { i: { caseId: this.id, ...input } });
  }

  act(user: DemoUser, mutation: string, input: Record<string, unknown> = {}): Promise<Response> {
    return this.call(user, mutation, 'CaseActionInput', input);
  }

  revise(user: DemoUser, baseVersion: number, plan: Record<string, unknown> = samplePlan()): Promise<Response> {
    return this.call(user, 'reviseJointProject', 'ReviseJointProjectInput', { baseVersion, document: projectDocument, plan, changeNote: '调整里程碑' });
  }

  report(user: DemoUser, milestoneId: string, evidence = '已交付，见附件') {
    return this.call(user, 'reportMilestone', 'ReportMilestoneInput', { milestoneId, evidence });
  }

  review(user: DemoUser, mutation: 'verifyMilestone' | 'rejectMilestone', milestoneId: string, comment?: string) {
    return this.call(user, mutation, 'MilestoneReviewInput', { milestoneId, ...(comment === undefined ? {} : { comment }) });
  }

  inspect(user: DemoUser, side: 'INITIATOR' | 'COUNTERPART', findings = '接入进度滞后，安全测评未完成', extra: Record<string, unknown> = {}) {
    return this.call(user, 'openInspection', 'OpenInspectionInput', { side, findings, ...extra });
  }

  inspection(
    user: DemoUser,
    mutation: 'reportRectification' | 'requestFurtherRectification' | 'closeInspection',
    inspectionId: string,
    extra: Record<string, unknown> = {},
  ) {
    return this.call(user, mutation, 'InspectionActionInput', { inspectionId, ...extra });
  }

  async view(user: DemoUser = 'auditor'): Promise<ProjectView> {
    const response = await this.actors.query<{ case: ProjectView }>(user, `query($id: ID!) { case(id: $id) { ${PROJECT_FIELDS} } }`, { id: this.id });
    expect(response.errors).toBeUndefined();
    return response.data!.case;
  }

  /** Both cities sign `action` (one signatory each, the default quorum). */
  async signBoth(bed: TestBed, action: string): Promise<void> {
    for (const [user, key, signer] of [
      ['cq.signatory', bed.keys.cq, bed.signers.cq],
      ['cd.signatory', bed.keys.cd, bed.signers.cd],
    ] as const) {
      const response = await this.actors.sign(user, this.id, key, signer, action);
      expect(response.errors, `${user} ${action}`).toBeUndefined();
    }
  }

  /** From proposal to a running project: submitted, endorsed by both reviewers, approved by both signatories. */
  async start(bed: TestBed): Promise<void> {
    for (const [user, mutation] of [
      ['cq.drafter', 'submitJointProject'],
      ['cq.reviewer', 'endorseFeasibility'],
      ['cd.reviewer', 'endorseFeasibility'],
    ] as const) {
      const response = await this.act(user, mutation);
      expect(response.errors, `${user} ${mutation}`).toBeUndefined();
    }
    await this.signBoth(bed, 'SIGN');
  }
}

export const ok = <T>(response: GraphQLResponse<Record<string, T>>): T => {
  expect(response.errors).toBeUndefined();
  return Object.values(response.data!)[0]!;
};
