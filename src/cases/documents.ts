import { randomUUID } from 'node:crypto';
import type { VersionRef } from '../../workflows/types.js';
import { canonicalHash } from '../crypto/hash.js';
import { checkText } from '../directory/validation.js';
import type { Viewer } from '../directory/model.js';
import { badInput } from '../errors.js';
import type { DocumentContent, DocumentVersion } from '../store/records.js';

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

/** A Markdown table cell holding any text: a `|` or a line break of its own cannot break the table. */
export const tableCell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/**
 * The texts the case says its document must hold that `content` leaves out (a memorandum must hold every plan item
 * and resolution, as its table cells write them): what a signatory would sign without.
 */
export function omitted(content: DocumentContent, mustCover: readonly string[]): string[] {
  return mustCover.filter((text) => !content.body.includes(tableCell(text)));
}
