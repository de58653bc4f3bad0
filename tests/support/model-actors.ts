import type { Actor, Role } from '../../workflows/types.js';
import type { DemoUser } from './cases.js';

/** The demo users as the machines see them (ids are stand-ins; guards look at agency, role and identity). */
export const people: Record<string, { agencyId: string; region: 'CHONGQING' | 'CHENGDU' | 'JOINT'; roles: Role[] }> = {
  'cq.drafter': { agencyId: 'CQ-BDB', region: 'CHONGQING', roles: ['DRAFTER'] },
  'cq.reviewer': { agencyId: 'CQ-BDB', region: 'CHONGQING', roles: ['REVIEWER'] },
  'cq.signatory': { agencyId: 'CQ-BDB', region: 'CHONGQING', roles: ['SIGNATORY'] },
  'cd.drafter': { agencyId: 'CD-ONLINE-GOV', region: 'CHENGDU', roles: ['DRAFTER'] },
  'cd.reviewer': { agencyId: 'CD-ONLINE-GOV', region: 'CHENGDU', roles: ['REVIEWER'] },
  'cd.signatory': { agencyId: 'CD-ONLINE-GOV', region: 'CHENGDU', roles: ['SIGNATORY'] },
  'joint.coordinator': { agencyId: 'JOINT-OFFICE', region: 'JOINT', roles: ['COORDINATOR'] },
};

export const actorFor = (user: string): Actor => ({ kind: 'user', userId: user, ...people[user]! });
export const userOf = (actor: Actor): DemoUser => (actor.kind === 'user' ? (actor.userId as DemoUser) : 'joint.coordinator');

/** Chongqing's big data administration opens the case with Chengdu's online governance office, one signatory a side. */
export const modelParties = {
  caseId: 'model',
  initiator: { region: 'CHONGQING' as const, agencyId: 'CQ-BDB' },
  counterpart: { region: 'CHENGDU' as const, agencyId: 'CD-ONLINE-GOV' },
  quorum: { initiator: { required: 1, signatories: [] }, counterpart: { required: 1, signatories: [] } },
  version: { id: 'v1', number: 1, contentHash: 'h1', title: 't' },
};
