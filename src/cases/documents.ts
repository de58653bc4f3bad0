import { randomUUID } from 'node:crypto';
import { diffLines } from 'diff';
import type { ProjectPlan } from '../../workflows/joint-project.js';
import type { VersionRef } from '../../workflows/types.js';
import { canonicalHash } from '../crypto/hash.js';
import { checkText } from '../directory/validation.js';
import type { Viewer } from '../directory/model.js';
import { badInput } from '../errors.js';
import { amountText } from './amount.js';
import type { DocumentContent, DocumentVersion } from './model.js';

export const policyAreas = [
  'INTEGRATED_CIRCUITS',
  'NEW_DISPLAY',
  'SMART_TERMINALS',
  'SOFTWARE_AND_IT_SERVICES',
  'CYBERSECURITY',
  'DIGITAL_CREATIVE',
  'INTELLIGENT_CONSTRUCTION',
  'FIVE_G',
  'INTERNET_OF_THINGS',
  'BIG_DATA',
  'ARTIFICIAL_INTELLIGENCE',
  'BLOCKCHAIN',
  'PUBLIC_SERVICES',
  'DATA_CIRCULATION',
  'INFRASTRUCTURE',
] as const;

export interface DocumentInput {
  title: string;
  titleEn?: string | null;
  summary: string;
  body: string;
  policyAreas: readonly string[];
}

/** Validates and normalises a document; the result is what gets hashed and stored. */
export function documentContent(input: DocumentInput): DocumentContent {
  const areas = [...new Set(input.policyAreas)];
  if (areas.length === 0) throw badInput('至少选择一个政策领域', 'Choose at least one policy area', { field: 'policyAreas' });
  const content: DocumentContent = {
    title: { zh: checkText('title', input.title, { max: 200 }) },
    summary: checkText('summary', input.summary, { max: 2000, shape: 'lines' }),
    body: checkText('body', input.body, { max: 200_000, shape: 'lines' }),
    policyAreas: areas,
  };
  if (input.titleEn != null && input.titleEn.trim() !== '') {
    content.title.en = checkText('titleEn', input.titleEn, { max: 300 });
  }
  return content;
}

export function newVersion(caseId: string, number: number, content: DocumentContent, author: Viewer, changeNote: string): DocumentVersion {
  return {
    id: randomUUID(),
    caseId,
    number,
    content,
    contentHash: canonicalHash(content),
    author: { userId: author.userId, username: author.username, agencyId: author.agencyId, region: author.region },
    createdAt: new Date(),
    changeNote: checkText('changeNote', changeNote, { max: 2000, shape: 'lines' }),
  };
}

export const versionRef = (version: DocumentVersion): VersionRef => ({
  id: version.id,
  number: version.number,
  contentHash: version.contentHash,
  title: version.content.title.zh,
});

export interface DocumentDiff {
  fields: { field: string; before: string | null; after: string | null }[];
  body: { kind: 'ADDED' | 'REMOVED' | 'UNCHANGED'; text: string }[];
}

const budgetText = (plan: ProjectPlan | undefined) => plan && `${amountText(plan.budget.initiator)} / ${amountText(plan.budget.counterpart)} 万元`;
const milestonesText = (plan: ProjectPlan | undefined) =>
  plan?.milestones.map((m) => `${m.id} ${m.title}（${m.side === 'initiator' ? '发起方' : '对方'} ${m.ownerAgencyId}，${m.dueDate}）：${m.deliverable}`).join('\n');

/** What a reviewer reads instead of the whole document: a line diff of the body and a field diff of the rest. */
export function diffDocuments(from: DocumentContent, to: DocumentContent): DocumentDiff {
  const fields: DocumentDiff['fields'] = [];
  const compare = (field: string, before: string | undefined, after: string | undefined) => {
    if (before !== after) fields.push({ field, before: before ?? null, after: after ?? null });
  };
  compare('title', from.title.zh, to.title.zh);
  compare('titleEn', from.title.en, to.title.en);
  compare('summary', from.summary, to.summary);
  compare('policyAreas', from.policyAreas.join(', '), to.policyAreas.join(', '));
  compare('goals', from.project?.goals.join('\n'), to.project?.goals.join('\n'));
  compare('budget', budgetText(from.project), budgetText(to.project));
  compare('leadAgencies', from.project && `${from.project.leadAgencies.initiator} / ${from.project.leadAgencies.counterpart}`, to.project && `${to.project.leadAgencies.initiator} / ${to.project.leadAgencies.counterpart}`);
  compare('milestones', milestonesText(from.project), milestonesText(to.project));
  // Every line ends with a newline, so that appending after the last line does not show that line as changed.
  const lines = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const body = diffLines(lines(from.body), lines(to.body)).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ kind: part.added ? ('ADDED' as const) : part.removed ? ('REMOVED' as const) : ('UNCHANGED' as const), text })),
  );
  return { fields, body };
}
