import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Agency as AgencyModel, User as UserModel, Checkpoint as CheckpointModel, Countersignature as CountersignatureModel, DocumentVersion as DocumentVersionModel, SigningKey as SigningKeyModel, CaseEvent as CaseEventModel } from '../store/records.js';
import type { LoginResult as LoginResultModel } from '../directory/service.js';
import type { CaseState as CaseStateModel } from '../cases/case-state.js';
import type { SupervisedMilestone as SupervisedMilestoneModel, SupervisedInspection as SupervisedInspectionModel, Supervision as SupervisionModel, BudgetShare as BudgetShareModel } from '../cases/projects.js';
import type { CalendarGap as CalendarGapModel } from '../cases/calendar-gaps.js';
import type { ScheduleView as ScheduleViewModel, CalendarOverview as CalendarOverviewModel } from '../calendar/model.js';
import type { Entry as EntryModel } from '../../workflows/joint-project.js';
import type { ItemView as ItemViewModel, PairView as PairViewModel, ProposalView as ProposalViewModel } from '../cases/alignments.js';
import type { CaseAsOf as CaseAsOfModel, SignatureView as SignatureViewModel } from '../cases/reads.js';
import type { InclusionProof as InclusionProofModel } from '../audit/checkpoints.js';
import type { Party as PartyModel } from '../../workflows/types.js';
import type { WaitingParty as WaitingPartyModel } from '../cases/decisions.js';
import type { Workflow as WorkflowModel } from '../../workflows/registry.js';
import type { GraphQLContext } from './context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * Money in 万元 (10,000 yuan), exact: a decimal string, never a JSON number (which binary floating point cannot
   * hold exactly). Given: "1200", "1200.5" or "0.07" — from 0 to 1000000000, at most two decimals, no sign,
   * exponent, separators or leading zeros. Answered always with two decimals ("1200.00"), the form that is stored
   * and covered by the content hash. Projects created before amounts were exact stored JSON numbers: they are
   * answered in the same form.
   */
  Amount: { input: string; output: string; }
  /** An instant, as an RFC 3339 date-time (2026-11-24T08:00:00.000Z), written back in UTC with milliseconds. Accepted: a time zone (Z or ±hh:mm), up to nine fraction digits (kept to the millisecond), an upper-case T and Z (RFC 3339 allows lower case; ISO 8601 and most clients write upper case), a date that exists, an instant within the years 0000–9999 in UTC. Refused: a leap second (:60), which JavaScript dates cannot hold. */
  DateTime: { input: Date; output: Date; }
};

export type AddPlanItemInput = {
  caseId: Scalars['ID']['input'];
  /** YYYY-MM-DD */
  deadline: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  indicator: Scalars['String']['input'];
  /** An agency of your own city that leads the item. */
  ownerAgencyId: Scalars['ID']['input'];
  target: Scalars['String']['input'];
  topic: PolicyArea;
};

export type Agency = {
  __typename?: 'Agency';
  createdAt: Scalars['DateTime']['output'];
  /** Stable code, for example CQ-BDB. */
  id: Scalars['ID']['output'];
  /** Official Chinese name. */
  name: Scalars['String']['output'];
  nameEn?: Maybe<Scalars['String']['output']>;
  region: Region;
};

export type AgencyConnection = {
  __typename?: 'AgencyConnection';
  edges: Array<AgencyEdge>;
  pageInfo: PageInfo;
};

export type AgencyEdge = {
  __typename?: 'AgencyEdge';
  cursor: Scalars['String']['output'];
  node: Agency;
};

export type AlignmentProgress = {
  __typename?: 'AlignmentProgress';
  aligned: Scalars['Int']['output'];
  divergent: Scalars['Int']['output'];
  escalated: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type ArbitrateInput = {
  caseId: Scalars['ID']['input'];
  comment: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  resolution: ArbitrationResolution;
};

export type ArbitrationResolution =
  /** straight to signing */
  | 'PROCEED_TO_SIGNING'
  /** the proposal is rejected */
  | 'REJECT'
  /** back to the counterpart's review */
  | 'RETURN_TO_REVIEW';

export type BudgetShare = {
  __typename?: 'BudgetShare';
  /** 万元 (10,000 yuan). */
  amount: Scalars['Amount']['output'];
  leadAgency: Agency;
  region: Region;
  side: CaseSide;
};

/** Why a date is listed (required for a weekend day among the non-working days). */
export type CalendarNote = {
  __typename?: 'CalendarNote';
  /** YYYY-MM-DD */
  date: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type CalendarNoteInput = {
  /** YYYY-MM-DD, one of the dates listed. */
  date: Scalars['String']['input'];
  /** 1–200 characters, for example 元旦假期. */
  text: Scalars['String']['input'];
};

export type CalendarOrigin =
  /** loaded by an administrator through the API */
  | 'API'
  /** the calendar file (data/calendar.json or CALENDAR_FILE): the seed, and the default for what was never loaded */
  | 'FILE';

/** Whose schedule of days off and days worked: the national one, or a city's own additions to it. */
export type CalendarRegion =
  | 'CHENGDU'
  | 'CHONGQING'
  /** 全国: the State Council's notice, which both cities follow */
  | 'NATIONAL';

/** One year's schedule of one region: its days off (public holidays) and the weekend days worked in exchange (调休). */
export type CalendarSchedule = {
  __typename?: 'CalendarSchedule';
  /** Whether due times are counted with it: the newest revision of its year and region (the file's only when none was loaded). */
  inForce: Scalars['Boolean']['output'];
  loadedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The administrator's username; null for the file. */
  loadedBy?: Maybe<Scalars['String']['output']>;
  /** YYYY-MM-DD, ascending. */
  nonWorkingDays: Array<Scalars['String']['output']>;
  notes: Array<CalendarNote>;
  origin: CalendarOrigin;
  region: CalendarRegion;
  /** 0 for the calendar file; 1, 2, … for each load of this year and region through the API (every one is kept). */
  revision: Scalars['Int']['output'];
  /** Where the schedule comes from (for NATIONAL, the State Council's notice). */
  source: Scalars['String']['output'];
  /** YYYY-MM-DD, ascending; Saturdays and Sundays only. */
  workingDays: Array<Scalars['String']['output']>;
  year: Scalars['Int']['output'];
};

/** A running workflow instance. */
export type Case = {
  /** What the caller may do now, from the machine's own rules. */
  availableActions: Array<Scalars['String']['output']>;
  /** Of those, what the case waits for from the caller (what puts it in their inbox). */
  awaitedActions: Array<Scalars['String']['output']>;
  counterpart: CaseParty;
  createdAt: Scalars['DateTime']['output'];
  currentVersion: DocumentVersion;
  deadlines: Array<Deadline>;
  headHash: Scalars['String']['output'];
  /** History entries in sequence order, those you may read. A page reads at most 1,000 entries: one that found fewer than `first` says so by `hasNextPage`, its `endCursor` where it stopped. */
  history: CaseEventConnection;
  /** Sequence number of the newest history entry; pass it as expectedVersion to act only on what you saw. */
  historyLength: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  initiator: CaseParty;
  signatures: Array<Signature>;
  state: Scalars['String']['output'];
  title: Scalars['String']['output'];
  type: CaseType;
  updatedAt: Scalars['DateTime']['output'];
  versions: Array<DocumentVersion>;
  /** Whom the case waits for now: every party whose action is due (not every action merely possible). Empty only in a final state; each party has the case in its inbox. */
  waitingFor: Array<WaitingParty>;
  /** type@version of the machine the case runs on; a case never changes version. */
  workflow: Scalars['String']['output'];
};


/** A running workflow instance. */
export type CaseHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** An action on a case. `comment` or `reason` is required where the workflow says so. */
export type CaseActionInput = {
  caseId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
  /** The historyLength the caller saw; if the case has moved on, VERSION_CONFLICT. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** A case as it stood at an instant, replayed from the history the machine version of the case recorded. */
export type CaseAsOf = {
  __typename?: 'CaseAsOf';
  /** The instant asked about. */
  at: Scalars['DateTime']['output'];
  /** What the caller could have done at that instant. */
  availableActions: Array<Scalars['String']['output']>;
  headHash: Scalars['String']['output'];
  /** The history entries there were then. */
  historyLength: Scalars['Int']['output'];
  /** The signatures made by then; `current` says whether each was valid at that instant. */
  signatures: Array<Signature>;
  state: Scalars['String']['output'];
  version: DocumentVersion;
  workflow: Scalars['String']['output'];
};

export type CaseConnection = {
  __typename?: 'CaseConnection';
  edges: Array<CaseEdge>;
  pageInfo: PageInfo;
};

export type CaseEdge = {
  __typename?: 'CaseEdge';
  cursor: Scalars['String']['output'];
  node: Case;
};

/** One entry of a case's decision history: appended once, hash-chained, never changed. */
export type CaseEvent = {
  __typename?: 'CaseEvent';
  actor: EventActor;
  at: Scalars['DateTime']['output'];
  caseId: Scalars['ID']['output'];
  caseType: CaseType;
  comment?: Maybe<Scalars['String']['output']>;
  definitionHash: Scalars['String']['output'];
  fromState?: Maybe<Scalars['String']['output']>;
  hash: Scalars['String']['output'];
  /** An overdue record (RECORD_OVERDUE): the city whose action was late — a milestone's owner for its delivery, the verifier for a verification, the inspected city for a rectification. */
  lateParty?: Maybe<CaseParty>;
  prevHash: Scalars['String']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  resolution?: Maybe<Scalars['String']['output']>;
  seq: Scalars['Int']['output'];
  signatureId?: Maybe<Scalars['ID']['output']>;
  /** Joint project: the milestone (M1, …) or inspection (I1, …) concerned. */
  subject?: Maybe<Scalars['String']['output']>;
  /** Plan alignment: the text of a proposal, counter-proposal or arbitration, or the target of an added item. Joint project: the evidence, findings or rectification report. */
  text?: Maybe<Scalars['String']['output']>;
  toState: Scalars['String']['output'];
  /** Plan alignment: the topic of the item or pair concerned. */
  topic?: Maybe<PolicyArea>;
  type: Scalars['String']['output'];
  versionNumber?: Maybe<Scalars['Int']['output']>;
  /** type@version of the machine that decided it. */
  workflow: Scalars['String']['output'];
};

export type CaseEventConnection = {
  __typename?: 'CaseEventConnection';
  edges: Array<CaseEventEdge>;
  pageInfo: PageInfo;
};

export type CaseEventEdge = {
  __typename?: 'CaseEventEdge';
  cursor: Scalars['String']['output'];
  node: CaseEvent;
};

/** One side of a case: a city and the agency that acts for it. */
export type CaseParty = {
  __typename?: 'CaseParty';
  agency: Agency;
  region: Region;
};

export type CaseSide =
  | 'COUNTERPART'
  | 'INITIATOR';

export type CaseType =
  /** 联合项目 */
  | 'JOINT_PROJECT'
  /** 规划对接 */
  | 'PLAN_ALIGNMENT'
  /** 联合政策提案 */
  | 'POLICY_PROPOSAL';

/**
 * A signed Merkle root (RFC 9162) over the case heads that changed since the previous checkpoint, in case id order;
 * its statement names the previous checkpoint by the SHA-256 of that one's statement (`previous`), so the checkpoints
 * form a chain in which every head a case had at a checkpoint is a leaf of one tree. Checkpoints made before version 2
 * of the statement hold every case's head.
 */
export type Checkpoint = {
  __typename?: 'Checkpoint';
  countersignatures: Array<Countersignature>;
  createdAt: Scalars['DateTime']['output'];
  number: Scalars['Int']['output'];
  rootHash: Scalars['String']['output'];
  serverKeyId: Scalars['ID']['output'];
  /** Base64 Ed25519 signature of the statement by the server's checkpoint key. */
  serverSignature: Scalars['String']['output'];
  /** The canonical JSON the server signed and the cities countersign, byte for byte. */
  statement: Scalars['String']['output'];
  /** Number of case heads it records (leaves): those that changed since the previous checkpoint. */
  treeSize: Scalars['Int']['output'];
};

/** The server's checkpoint public key, to publish to auditors. */
export type CheckpointKey = {
  __typename?: 'CheckpointKey';
  algorithm: SignatureAlgorithm;
  keyId: Scalars['ID']['output'];
  publicKey: Scalars['String']['output'];
};

export type Consistency = {
  __typename?: 'Consistency';
  casesChecked: Scalars['Int']['output'];
  /** True when every case a checkpoint up to `from` recorded only grew up to `to`. */
  consistent: Scalars['Boolean']['output'];
  from: Scalars['Int']['output'];
  problems: Array<ConsistencyProblem>;
  to: Scalars['Int']['output'];
};

export type ConsistencyProblem = {
  __typename?: 'ConsistencyProblem';
  caseId: Scalars['ID']['output'];
  /** CASE_MISSING, HISTORY_SHRANK or HISTORY_REWRITTEN */
  kind: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type Countersignature = {
  __typename?: 'Countersignature';
  agency: Agency;
  algorithm: SignatureAlgorithm;
  keyId: Scalars['ID']['output'];
  region: Region;
  signature: Scalars['String']['output'];
  signedAt: Scalars['DateTime']['output'];
  signerName: Scalars['String']['output'];
};

export type CreateAgencyInput = {
  /** Upper-case code: a letter, then letters, digits or hyphens (2–32 characters). */
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  nameEn?: InputMaybe<Scalars['String']['input']>;
  region: Region;
};

export type CreateJointProjectInput = {
  /** The agency of the other city the project is run with. */
  counterpartAgencyId: Scalars['ID']['input'];
  counterpartQuorum?: InputMaybe<QuorumInput>;
  /** The project proposal; the plan below is part of it and is signed with it. */
  document: DocumentInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  initiatorQuorum?: InputMaybe<QuorumInput>;
  plan: ProjectPlanInput;
  /** Working days the other side has to verify a reported milestone; 1–30, default 5. */
  verificationWorkingDays?: InputMaybe<Scalars['Int']['input']>;
};

export type CreatePlanAlignmentInput = {
  /** The agency of the other city whose plan section is aligned with yours. */
  counterpartAgencyId: Scalars['ID']['input'];
  counterpartQuorum?: InputMaybe<QuorumInput>;
  /** The charter: what is aligned and why. The memorandum becomes its next version. */
  document: DocumentInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  initiatorQuorum?: InputMaybe<QuorumInput>;
  /** Proposals on one pair (both sides counted) before it goes to the joint office; 2–10, default 3. */
  maxRounds?: InputMaybe<Scalars['Int']['input']>;
  /** Days for the negotiation once both sections are in; 1–180, default 30. */
  negotiationDays?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateProposalInput = {
  /** The agency of the other city that reviews and co-signs. */
  counterpartAgencyId: Scalars['ID']['input'];
  counterpartQuorum?: InputMaybe<QuorumInput>;
  document: DocumentInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  initiatorQuorum?: InputMaybe<QuorumInput>;
  /** Days the counterpart has to review before the case may be escalated (default 10). */
  reviewPeriodDays?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateUserInput = {
  agencyId: Scalars['ID']['input'];
  displayName: Scalars['String']['input'];
  /** At least 12 characters. */
  password: Scalars['String']['input'];
  roles: Array<Role>;
  /** Lower-case: a letter or digit, then letters, digits, dots, hyphens or underscores (3–40 characters). */
  username: Scalars['String']['input'];
};

export type Deadline = {
  __typename?: 'Deadline';
  dueAt: Scalars['DateTime']['output'];
  kind: Scalars['String']['output'];
};

export type DiffKind =
  | 'ADDED'
  | 'REMOVED'
  | 'UNCHANGED';

/** A line of `DocumentDiff.body`, or a piece of a line of a redline. */
export type DiffLine = {
  __typename?: 'DiffLine';
  kind: DiffKind;
  text: Scalars['String']['output'];
};

export type DocumentContent = {
  __typename?: 'DocumentContent';
  /** Markdown. */
  body: Scalars['String']['output'];
  policyAreas: Array<PolicyArea>;
  summary: Scalars['String']['output'];
  title: Scalars['String']['output'];
  titleEn?: Maybe<Scalars['String']['output']>;
};

export type DocumentDiff = {
  __typename?: 'DocumentDiff';
  /** Line diff of the body: an edited line is its old line REMOVED and its new line ADDED (see `redline` for the words). */
  body: Array<DiffLine>;
  /** Every field whose value differs, text or not: title, titleEn, summary, body, policyAreas, goals, budget, leadAgencies, milestones. */
  changedFields: Array<Scalars['String']['output']>;
  /** Changes outside the body, each with both values as text. */
  fields: Array<FieldChange>;
  from: DocumentVersion;
  /** Every text field either version has, in the order of `changedFields`, as a redline (unchanged fields too). */
  redline: Array<TextDiff>;
  /** No text changed: the versions differ, if at all, only in fields that are not text (policy areas, budget, lead agencies), which `changedFields` names. */
  textUnchanged: Scalars['Boolean']['output'];
  to: DocumentVersion;
};

export type DocumentInput = {
  /** Markdown, at most 200,000 characters. */
  body: Scalars['String']['input'];
  policyAreas: Array<PolicyArea>;
  summary: Scalars['String']['input'];
  /** Chinese title, 1–200 characters. */
  title: Scalars['String']['input'];
  titleEn?: InputMaybe<Scalars['String']['input']>;
};

/** An immutable version of a case's document. */
export type DocumentVersion = {
  __typename?: 'DocumentVersion';
  authorAgency: Agency;
  authorName: Scalars['String']['output'];
  changeNote: Scalars['String']['output'];
  content: DocumentContent;
  /** SHA-256 of the RFC 8785 canonical JSON of the content, hex. */
  contentHash: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  number: Scalars['Int']['output'];
};

export type EditDocumentInput = {
  /** The version number the edit starts from; an edit of a stale version is refused. */
  baseVersion: Scalars['Int']['input'];
  caseId: Scalars['ID']['input'];
  changeNote: Scalars['String']['input'];
  document: DocumentInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type EventActor = {
  __typename?: 'EventActor';
  agencyId?: Maybe<Scalars['ID']['output']>;
  region?: Maybe<Region>;
  roles?: Maybe<Array<Role>>;
  /** True when the system acted (a deadline that passed). */
  system: Scalars['Boolean']['output'];
  username?: Maybe<Scalars['String']['output']>;
};

export type FieldChange = {
  __typename?: 'FieldChange';
  after?: Maybe<Scalars['String']['output']>;
  before?: Maybe<Scalars['String']['output']>;
  field: Scalars['String']['output'];
};

export type GuardKind =
  /** Every part holds. */
  | 'AND'
  /** A guard of the workflow, by name and parameters. */
  | 'NAMED'
  /** The part does not hold. */
  | 'NOT'
  /** At least one part holds. */
  | 'OR';

/** History search across cases; every field narrows the result. */
export type HistoryFilter = {
  /** The actor's username. */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** The agency of the actor. */
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  caseId?: InputMaybe<Scalars['ID']['input']>;
  caseType?: InputMaybe<CaseType>;
  /** An event type, for example ACCEPT or SIGN. */
  eventType?: InputMaybe<Scalars['String']['input']>;
  /** From this instant on (inclusive). */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** The region of the actor. */
  region?: InputMaybe<Region>;
  /** The state the case entered, for example signing. */
  state?: InputMaybe<Scalars['String']['input']>;
  /** Before this instant (exclusive). */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type HistoryOrder =
  | 'NEWEST_FIRST'
  | 'OLDEST_FIRST';

/** Proof that a case's head is a leaf of a checkpoint's tree (RFC 9162 audit path, leaves are canonical JSON {caseId, seq, hash}): the tree of the newest checkpoint, up to the one asked for, that recorded the case. */
export type InclusionProof = {
  __typename?: 'InclusionProof';
  auditPath: Array<Scalars['String']['output']>;
  caseId: Scalars['ID']['output'];
  checkpoint: Checkpoint;
  hash: Scalars['String']['output'];
  leafIndex: Scalars['Int']['output'];
  seq: Scalars['Int']['output'];
  treeSize: Scalars['Int']['output'];
};

/** 专项督查: findings, the side that must rectify, its reports and the opener's answers. */
export type Inspection = {
  __typename?: 'Inspection';
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  findings: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  openedAt: Scalars['DateTime']['output'];
  openedByAgency: Agency;
  openedByRegion: Region;
  overdueSince?: Maybe<Scalars['DateTime']['output']>;
  /** True when rectificationDueAt was counted through a year the calendar did not cover (only weekends rest there): it may be too early. It stays so once the year is loaded. */
  rectificationCalendarIncomplete: Scalars['Boolean']['output'];
  /** Rectification is due by then (working days of the inspected city's calendar). */
  rectificationDueAt: Scalars['DateTime']['output'];
  /** Those years; empty when the calendar covered every day counted. */
  rectificationUnloadedYears: Array<Scalars['Int']['output']>;
  rectifications: Array<ProjectEntry>;
  region: Region;
  returns: Array<ProjectEntry>;
  side: CaseSide;
  status: InspectionStatus;
};

export type InspectionActionInput = {
  caseId: Scalars['ID']['input'];
  /** Required to ask for further rectification. */
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  inspectionId: Scalars['ID']['input'];
  /** The rectification report (reportRectification). */
  report?: InputMaybe<Scalars['String']['input']>;
};

export type InspectionStatus =
  | 'CLOSED'
  | 'OPEN'
  | 'RECTIFIED';

/** The two cities' items on one topic (either may be missing) and their negotiation. */
export type ItemPair = {
  __typename?: 'ItemPair';
  counterpartItem?: Maybe<PlanItem>;
  initiatorItem?: Maybe<PlanItem>;
  proposals: Array<ResolutionProposal>;
  resolution?: Maybe<Scalars['String']['output']>;
  /** IDENTICAL, AGREEMENT or ARBITRATION */
  resolvedBy?: Maybe<Scalars['String']['output']>;
  /** Proposals so far, both sides counted; at maxRounds the pair goes to the joint office. */
  rounds: Scalars['Int']['output'];
  status: PairStatus;
  topic: PolicyArea;
};

export type JointProject = Case & {
  __typename?: 'JointProject';
  availableActions: Array<Scalars['String']['output']>;
  awaitedActions: Array<Scalars['String']['output']>;
  /** Each city's share of the budget. */
  budget: Array<BudgetShare>;
  counterpart: CaseParty;
  counterpartQuorum: SigningQuorum;
  createdAt: Scalars['DateTime']['output'];
  currentVersion: DocumentVersion;
  deadlines: Array<Deadline>;
  /** The sides whose reviewers endorsed feasibility in the current round. */
  endorsedBy: Array<CaseSide>;
  goals: Array<Scalars['String']['output']>;
  headHash: Scalars['String']['output'];
  history: CaseEventConnection;
  historyLength: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  initiator: CaseParty;
  initiatorQuorum: SigningQuorum;
  inspections: Array<Inspection>;
  milestones: Array<Milestone>;
  resumptionRequestedBy: Array<CaseSide>;
  signatures: Array<Signature>;
  signedBy: Array<User>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  state: Scalars['String']['output'];
  suspendedSince?: Maybe<Scalars['DateTime']['output']>;
  /** Sides that asked to suspend (or, while suspended, to resume) and wait for the other. */
  suspensionRequestedBy: Array<CaseSide>;
  title: Scalars['String']['output'];
  type: CaseType;
  updatedAt: Scalars['DateTime']['output'];
  /** Working days the other side has to verify a reported milestone. */
  verificationWorkingDays: Scalars['Int']['output'];
  versions: Array<DocumentVersion>;
  waitingFor: Array<WaitingParty>;
  workflow: Scalars['String']['output'];
};


export type JointProjectHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A name in both languages. */
export type Label = {
  __typename?: 'Label';
  en: Scalars['String']['output'];
  zh: Scalars['String']['output'];
};

export type LoadCalendarYearInput = {
  /** Days off (放假) in the year, YYYY-MM-DD: the public holidays; a Saturday or Sunday only with a note saying why. NATIONAL lists at least one. */
  nonWorkingDays: Array<Scalars['String']['input']>;
  notes?: InputMaybe<Array<CalendarNoteInput>>;
  region: CalendarRegion;
  /** 1–500 characters. NATIONAL: the State Council's notice with its year, for example 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）. */
  source: Scalars['String']['input'];
  /** Weekend days worked in exchange (调休上班), YYYY-MM-DD: Saturdays and Sundays only, none also a non-working day. */
  workingDays: Array<Scalars['String']['input']>;
  /** 2000–2100 */
  year: Scalars['Int']['input'];
};

export type LoginResult = {
  __typename?: 'LoginResult';
  /** Keep it on this device and give it at the next sign-in (login's deviceToken): while others' wrong passwords hold the account locked, sign-ins from this device are counted apart and go on. */
  deviceToken: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** A short-lived bearer token (JWT) for the Authorization header. */
  token: Scalars['String']['output'];
  user: User;
};

export type MigrateCaseInput = {
  caseId: Scalars['ID']['input'];
  /** Why the case is moved. */
  comment: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** type@version of the newer version (see workflowDefinitions). */
  toWorkflow: Scalars['String']['input'];
};

/** A deliverable one city owes by a date; the other city verifies it. */
export type Milestone = {
  __typename?: 'Milestone';
  deliverable: Scalars['String']['output'];
  /** When it becomes overdue: the end of the due date, moved on by any suspension. */
  dueAt: Scalars['DateTime']['output'];
  /** The planned due date (China time). */
  dueDate: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Past due and not verified (while the project runs). */
  overdue: Scalars['Boolean']['output'];
  /** When the scheduler recorded it overdue. */
  overdueSince?: Maybe<Scalars['DateTime']['output']>;
  ownerAgency: Agency;
  region: Region;
  rejections: Array<ProjectEntry>;
  reports: Array<ProjectEntry>;
  side: CaseSide;
  status: MilestoneStatus;
  title: Scalars['String']['output'];
  /** True when verificationDueAt was counted through a year the calendar did not cover (only weekends rest there): it may be too early. It stays so once the year is loaded. */
  verificationCalendarIncomplete: Scalars['Boolean']['output'];
  /** The other city's verification is due by then (working days of its calendar). */
  verificationDueAt?: Maybe<Scalars['DateTime']['output']>;
  verificationOverdueSince?: Maybe<Scalars['DateTime']['output']>;
  /** Those years; empty when the calendar covered every day counted. */
  verificationUnloadedYears: Array<Scalars['Int']['output']>;
  verifiedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type MilestoneInput = {
  deliverable: Scalars['String']['input'];
  /** YYYY-MM-DD, after today. */
  dueDate: Scalars['String']['input'];
  /** An agency of that side's city; default its lead agency. */
  ownerAgencyId?: InputMaybe<Scalars['ID']['input']>;
  /** The side that delivers it. */
  side: CaseSide;
  title: Scalars['String']['input'];
};

export type MilestoneReviewInput = {
  caseId: Scalars['ID']['input'];
  /** Required to reject. */
  comment?: InputMaybe<Scalars['String']['input']>;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  milestoneId: Scalars['ID']['input'];
};

export type MilestoneStatus =
  /** not reported yet, or its report was rejected */
  | 'PENDING'
  /** reported with evidence, awaiting the other city's verification */
  | 'REPORTED'
  | 'VERIFIED';

export type Mutation = {
  __typename?: 'Mutation';
  /** Ends the alignment once both cities' reviewers have asked to. */
  abandonAlignment: Case;
  acceptProposal: Case;
  /** Only the other side accepts a proposal. */
  acceptResolution: Case;
  /** A drafter adds an item to their own city's section while it is being drafted. */
  addPlanItem: Case;
  approveInternally: Case;
  arbitrate: Case;
  /** The joint office resolves an escalated pair. */
  arbitratePlanItem: Case;
  /** The opener closes a rectified inspection. */
  closeInspection: Case;
  /** Only the other side counters a proposal. */
  counterPropose: Case;
  /** A signatory of either city countersigns a checkpoint with a registered key: the signature is over the canonical JSON {purpose: "twincity-policy/checkpoint-countersignature/v1", statement, keyId, signedAt}, with signedAt the instant of signing as toISOString writes it (within five minutes of the server's clock). */
  countersignCheckpoint: Checkpoint;
  createAgency: Agency;
  /** Signs the case heads that changed since the previous checkpoint as a new checkpoint now. Joint office coordinators and administrators. */
  createCheckpoint: Checkpoint;
  createJointProject: JointProject;
  createPlanAlignment: PlanAlignment;
  createProposal: PolicyProposal;
  createUser: User;
  /** A reviewer or signatory declines the termination (reason required); the project goes back to where it was. */
  declineTermination: Case;
  declineToSign: Case;
  /** A disabled user cannot sign in, and tokens already issued stop working at once. */
  disableUser: User;
  editDocument: Case;
  enableUser: User;
  /** A reviewer endorses feasibility for their city; both endorsed → approval by signature. */
  endorseFeasibility: Case;
  /** The joint office takes over a stalled counterpart review. */
  escalateCase: Case;
  /** Administrators: loads a year's schedule of a region as its next revision (the earlier ones are kept). Every server counts due times with it from then on; due times already recorded keep what was recorded. */
  loadCalendarYear: CalendarSchedule;
  /** Exchange a username and password for a short-lived token. */
  login: LoginResult;
  /** The joint office moves a running case onto a newer version of its workflow (`toWorkflow`, e.g. policyProposal@2), where its state exists in both: a recorded MIGRATE entry with the reason (comment, required); the history replays across it. */
  migrateCase: Case;
  /** 专项督查: a reviewer of either city or the joint office opens an inspection with findings. */
  openInspection: Case;
  /** A side proposes how to resolve a divergent pair. */
  proposeResolution: Case;
  /** A reviewer raises a concern (comment required); the proposal goes back to its drafters. */
  raiseConcern: Case;
  registerSigningKey: SigningKey;
  /** The other city's reviewer rejects a report (comment required); the milestone is pending again. */
  rejectMilestone: Case;
  rejectProposal: Case;
  removePlanItem: Case;
  /** The owner city reports a milestone with evidence. */
  reportMilestone: Case;
  /** The inspected city reports its rectification. */
  reportRectification: Case;
  requestChanges: Case;
  /** The opener asks for further rectification (comment required). */
  requestFurtherRectification: Case;
  /** A reviewer asks to terminate (reason required); terminated once both cities' signatories sign SIGN_TERMINATION. */
  requestTermination: Case;
  resubmitProposal: Case;
  /** A reviewer asks to resume (reason required); resumed once both cities have asked. Due times move on by the pause. */
  resumeProject: Case;
  returnToDrafter: Case;
  /** The initiating drafter revises the proposal and its plan while it is proposed. */
  reviseJointProject: Case;
  /** Signatures made before revocation stay valid; later ones are refused. */
  revokeSigningKey: SigningKey;
  setUserRoles: User;
  signCase: Case;
  submitForInternalReview: Case;
  /** Sends the proposal to both cities' reviewers for feasibility. */
  submitJointProject: Case;
  /** The section is in; once both are, items are paired by topic. */
  submitSection: Case;
  /** A reviewer asks to suspend (reason required); suspended once both cities have asked. */
  suspendProject: Case;
  /** The other city's reviewer verifies a reported milestone. */
  verifyMilestone: Case;
  withdrawCase: Case;
};


export type MutationAbandonAlignmentArgs = {
  input: CaseActionInput;
};


export type MutationAcceptProposalArgs = {
  input: CaseActionInput;
};


export type MutationAcceptResolutionArgs = {
  input: TopicActionInput;
};


export type MutationAddPlanItemArgs = {
  input: AddPlanItemInput;
};


export type MutationApproveInternallyArgs = {
  input: CaseActionInput;
};


export type MutationArbitrateArgs = {
  input: ArbitrateInput;
};


export type MutationArbitratePlanItemArgs = {
  input: TopicActionInput;
};


export type MutationCloseInspectionArgs = {
  input: InspectionActionInput;
};


export type MutationCounterProposeArgs = {
  input: TopicActionInput;
};


export type MutationCountersignCheckpointArgs = {
  keyId: Scalars['ID']['input'];
  number: Scalars['Int']['input'];
  signature: Scalars['String']['input'];
  signedAt: Scalars['DateTime']['input'];
};


export type MutationCreateAgencyArgs = {
  input: CreateAgencyInput;
};


export type MutationCreateJointProjectArgs = {
  input: CreateJointProjectInput;
};


export type MutationCreatePlanAlignmentArgs = {
  input: CreatePlanAlignmentInput;
};


export type MutationCreateProposalArgs = {
  input: CreateProposalInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeclineTerminationArgs = {
  input: CaseActionInput;
};


export type MutationDeclineToSignArgs = {
  input: CaseActionInput;
};


export type MutationDisableUserArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationEditDocumentArgs = {
  input: EditDocumentInput;
};


export type MutationEnableUserArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationEndorseFeasibilityArgs = {
  input: CaseActionInput;
};


export type MutationEscalateCaseArgs = {
  input: CaseActionInput;
};


export type MutationLoadCalendarYearArgs = {
  input: LoadCalendarYearInput;
};


export type MutationLoginArgs = {
  deviceToken?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


export type MutationMigrateCaseArgs = {
  input: MigrateCaseInput;
};


export type MutationOpenInspectionArgs = {
  input: OpenInspectionInput;
};


export type MutationProposeResolutionArgs = {
  input: TopicActionInput;
};


export type MutationRaiseConcernArgs = {
  input: CaseActionInput;
};


export type MutationRegisterSigningKeyArgs = {
  algorithm: SignatureAlgorithm;
  label: Scalars['String']['input'];
  publicKey: Scalars['String']['input'];
};


export type MutationRejectMilestoneArgs = {
  input: MilestoneReviewInput;
};


export type MutationRejectProposalArgs = {
  input: CaseActionInput;
};


export type MutationRemovePlanItemArgs = {
  input: RemovePlanItemInput;
};


export type MutationReportMilestoneArgs = {
  input: ReportMilestoneInput;
};


export type MutationReportRectificationArgs = {
  input: InspectionActionInput;
};


export type MutationRequestChangesArgs = {
  input: CaseActionInput;
};


export type MutationRequestFurtherRectificationArgs = {
  input: InspectionActionInput;
};


export type MutationRequestTerminationArgs = {
  input: CaseActionInput;
};


export type MutationResubmitProposalArgs = {
  input: CaseActionInput;
};


export type MutationResumeProjectArgs = {
  input: CaseActionInput;
};


export type MutationReturnToDrafterArgs = {
  input: CaseActionInput;
};


export type MutationReviseJointProjectArgs = {
  input: ReviseJointProjectInput;
};


export type MutationRevokeSigningKeyArgs = {
  keyId: Scalars['ID']['input'];
};


export type MutationSetUserRolesArgs = {
  roles: Array<Role>;
  userId: Scalars['ID']['input'];
};


export type MutationSignCaseArgs = {
  input: SignCaseInput;
};


export type MutationSubmitForInternalReviewArgs = {
  input: CaseActionInput;
};


export type MutationSubmitJointProjectArgs = {
  input: CaseActionInput;
};


export type MutationSubmitSectionArgs = {
  input: CaseActionInput;
};


export type MutationSuspendProjectArgs = {
  input: CaseActionInput;
};


export type MutationVerifyMilestoneArgs = {
  input: MilestoneReviewInput;
};


export type MutationWithdrawCaseArgs = {
  input: CaseActionInput;
};

export type NamedGuard = {
  __typename?: 'NamedGuard';
  description: Label;
  name: Scalars['String']['output'];
};

export type OpenInspectionInput = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  findings: Scalars['String']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Working days to rectify, in that side's calendar; 1–60, default 10. */
  rectificationWorkingDays?: InputMaybe<Scalars['Int']['input']>;
  /** The side that must rectify. */
  side: CaseSide;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PairStatus =
  | 'ALIGNED'
  | 'DIVERGENT'
  | 'ESCALATED';

/** 规划对接: two cities' plan sections reconciled item by item into a signed memorandum. */
export type PlanAlignment = Case & {
  __typename?: 'PlanAlignment';
  availableActions: Array<Scalars['String']['output']>;
  awaitedActions: Array<Scalars['String']['output']>;
  counterpart: CaseParty;
  counterpartQuorum: SigningQuorum;
  createdAt: Scalars['DateTime']['output'];
  currentVersion: DocumentVersion;
  deadlines: Array<Deadline>;
  headHash: Scalars['String']['output'];
  history: CaseEventConnection;
  historyLength: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  initiator: CaseParty;
  initiatorQuorum: SigningQuorum;
  /** The items the caller may see: while sections are being drafted, only their own side's (the joint office and auditors see all). */
  items: Array<PlanItem>;
  maxRounds: Scalars['Int']['output'];
  /** Items paired by topic, once both sections are in. */
  pairs: Array<ItemPair>;
  progress: AlignmentProgress;
  /** The sides whose section is in. */
  sectionsSubmitted: Array<CaseSide>;
  signatures: Array<Signature>;
  signedBy: Array<User>;
  state: Scalars['String']['output'];
  title: Scalars['String']['output'];
  type: CaseType;
  updatedAt: Scalars['DateTime']['output'];
  versions: Array<DocumentVersion>;
  waitingFor: Array<WaitingParty>;
  workflow: Scalars['String']['output'];
};


/** 规划对接: two cities' plan sections reconciled item by item into a signed memorandum. */
export type PlanAlignmentHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One city's plan item: what it will achieve on a topic, measured how, by when, led by whom. */
export type PlanItem = {
  __typename?: 'PlanItem';
  /** YYYY-MM-DD */
  deadline: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  indicator: Scalars['String']['output'];
  ownerAgency: Agency;
  region: Region;
  side: CaseSide;
  /** How its topic stands once both sections are in; null while sections are drafted. */
  status?: Maybe<PairStatus>;
  target: Scalars['String']['output'];
  topic: PolicyArea;
};

/** The policy areas of the pilot zone (数字经济试验区) and of joint public work. */
export type PolicyArea =
  /** 人工智能 */
  | 'ARTIFICIAL_INTELLIGENCE'
  /** 大数据 */
  | 'BIG_DATA'
  /** 区块链 */
  | 'BLOCKCHAIN'
  /** 网络安全 */
  | 'CYBERSECURITY'
  /** 数据流通 */
  | 'DATA_CIRCULATION'
  /** 数字文创 */
  | 'DIGITAL_CREATIVE'
  /** 5G */
  | 'FIVE_G'
  /** 基础设施 */
  | 'INFRASTRUCTURE'
  /** 集成电路 */
  | 'INTEGRATED_CIRCUITS'
  /** 智能建造 */
  | 'INTELLIGENT_CONSTRUCTION'
  /** 物联网 */
  | 'INTERNET_OF_THINGS'
  /** 新型显示 */
  | 'NEW_DISPLAY'
  /** 公共服务 */
  | 'PUBLIC_SERVICES'
  /** 智能终端 */
  | 'SMART_TERMINALS'
  /** 软件及信息服务 */
  | 'SOFTWARE_AND_IT_SERVICES';

export type PolicyProposal = Case & {
  __typename?: 'PolicyProposal';
  availableActions: Array<Scalars['String']['output']>;
  awaitedActions: Array<Scalars['String']['output']>;
  counterpart: CaseParty;
  counterpartQuorum: SigningQuorum;
  createdAt: Scalars['DateTime']['output'];
  currentVersion: DocumentVersion;
  deadlines: Array<Deadline>;
  headHash: Scalars['String']['output'];
  history: CaseEventConnection;
  historyLength: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  initiator: CaseParty;
  initiatorQuorum: SigningQuorum;
  signatures: Array<Signature>;
  /** Who has signed in the current round. */
  signedBy: Array<User>;
  state: Scalars['String']['output'];
  title: Scalars['String']['output'];
  type: CaseType;
  updatedAt: Scalars['DateTime']['output'];
  versions: Array<DocumentVersion>;
  waitingFor: Array<WaitingParty>;
  workflow: Scalars['String']['output'];
};


export type PolicyProposalHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Evidence, a rejection, a rectification report or a request: what was written, when, by whom. */
export type ProjectEntry = {
  __typename?: 'ProjectEntry';
  at: Scalars['DateTime']['output'];
  byUserId: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type ProjectPlanInput = {
  counterpartBudget: Scalars['Amount']['input'];
  counterpartLeadAgencyId: Scalars['ID']['input'];
  /** 1–20 goals. */
  goals: Array<Scalars['String']['input']>;
  /** 万元, at most two decimals: a decimal string such as "1200.50". */
  initiatorBudget: Scalars['Amount']['input'];
  /** The lead agency of each city (of that city). */
  initiatorLeadAgencyId: Scalars['ID']['input'];
  /** 1–50 milestones, numbered M1, M2, … in this order. */
  milestones: Array<MilestoneInput>;
};

export type Query = {
  __typename?: 'Query';
  /** Agencies of both cities and the joint office, ordered by id. */
  agencies: AgencyConnection;
  /** The working-day calendar: the years covered, and every schedule (of `year`, 2000–2100, or all) with who loaded it, when and from what source. */
  calendar: WorkingDayCalendar;
  /** A case the caller may see. */
  case: Case;
  /** The case as it stood at `at`: state, document version, valid signatures, available actions. */
  caseAsOf: CaseAsOf;
  /** A checkpoint by number, or the newest; null when there is none. */
  checkpoint?: Maybe<Checkpoint>;
  /** Whether every case only grew between two checkpoints: the head recorded up to `to` extends, entry by entry, the one recorded up to `from`. Auditors and the joint office. */
  checkpointConsistency: Consistency;
  checkpointKey: CheckpointKey;
  /** What changed from version `from` to version `to` of the case's document: a redline of every text field, and the fields that changed. */
  documentDiff: DocumentDiff;
  /** The case's evidence bundle (JSON), checkable offline with `npm run verify-bundle`. Auditors and the joint office. */
  evidenceBundle: Scalars['String']['output'];
  /**
   * Decision history across all cases, in the order entries were recorded (their times rise along it). Page forward
   * with first/after or backward with last/before. A page reads at most 1,000 entries of the history: one that found
   * fewer matches than asked says hasNextPage (or hasPreviousPage) with its end (start) cursor where it stopped, and
   * the next page goes on from there. Narrowed to one case (caseId), the case's own chain. Auditors and the joint
   * office see every entry; others the entries their agency may read.
   */
  history: CaseEventConnection;
  /** How many history entries the filter matches (for progress when exporting): reads the whole history, unlike a page (one case's chain when narrowed to it). A server counts the whole history for one request at a time, and after each count as long none: a request asks one, alone among the weighed fields. */
  historyCount: Scalars['Int']['output'];
  /** Cases waiting for an action of the caller, most recently changed first. */
  inbox: CaseConnection;
  /** Proof that the case's head as of checkpoint `checkpoint` (the newest by default) is in a signed tree: that of the newest checkpoint up to it that recorded the case, which the proof names. */
  inclusionProof: InclusionProof;
  /** The signed-in user. */
  me: User;
  /** The caller's signing keys. */
  mySigningKeys: Array<SigningKey>;
  /** The exact bytes to sign for `action` on the case with the caller's key: SIGN (adopt, align, approve a project), SIGN_ACCEPTANCE, SIGN_TERMINATION. */
  signingPayload: SigningPayload;
  /** 督办: overdue and soon-due milestones (within `withinDays`, 0–365) and open inspections of running projects, by city or agency. Reads every running project: weighed, and within the request's database command budget (GRAPHQL_MAX_DATABASE_COMMANDS). */
  supervision: Supervision;
  /** Users, ordered by username. Administrators only. */
  users: UserConnection;
  /** Recomputes the hash chain, every content hash and every signature, and replays every decision. Auditors and the joint office. */
  verifyCase: Verification;
  /** States (nested, with their initial children), transitions (eventless and done ones too), guards and labels of every workflow, for drawing. */
  workflowDefinitions: Array<WorkflowDefinition>;
};


export type QueryAgenciesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  region?: InputMaybe<Region>;
};


export type QueryCalendarArgs = {
  year?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCaseAsOfArgs = {
  at: Scalars['DateTime']['input'];
  id: Scalars['ID']['input'];
};


export type QueryCheckpointArgs = {
  number?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCheckpointConsistencyArgs = {
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
};


export type QueryDocumentDiffArgs = {
  caseId: Scalars['ID']['input'];
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
};


export type QueryEvidenceBundleArgs = {
  caseId: Scalars['ID']['input'];
};


export type QueryHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<HistoryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  order?: InputMaybe<HistoryOrder>;
};


export type QueryHistoryCountArgs = {
  filter?: InputMaybe<HistoryFilter>;
};


export type QueryInboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInclusionProofArgs = {
  caseId: Scalars['ID']['input'];
  checkpoint?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySigningPayloadArgs = {
  action?: Scalars['String']['input'];
  caseId: Scalars['ID']['input'];
  keyId: Scalars['ID']['input'];
};


export type QuerySupervisionArgs = {
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  region?: InputMaybe<Region>;
  withinDays?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryVerifyCaseArgs = {
  id: Scalars['ID']['input'];
};

export type QuorumInput = {
  required: Scalars['Int']['input'];
  /** Only these users (signatories of the side's agency) may sign; empty: any signatory of the agency. */
  signatories?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type RedlineKind =
  | 'ADDED'
  /** The line is in both versions, edited: its segments mark the words removed and added. */
  | 'CHANGED'
  | 'REMOVED'
  | 'UNCHANGED';

/**
 * One line of a redline. An UNCHANGED, ADDED or REMOVED line is one segment of its kind. A CHANGED line is the
 * old line made into the new one word by word (Chinese words as `Intl.Segmenter('zh-CN', { granularity: 'word' })`
 * finds them; spaces and punctuation are segments of their own; a segment never splits a character): its UNCHANGED
 * and REMOVED segments joined give the old line, its UNCHANGED and ADDED segments the new one.
 */
export type RedlineLine = {
  __typename?: 'RedlineLine';
  /** The line's number in the older version, from 1; null for an ADDED line. */
  fromLine?: Maybe<Scalars['Int']['output']>;
  kind: RedlineKind;
  segments: Array<DiffLine>;
  /** The line's number in the newer version, from 1; null for a REMOVED line. */
  toLine?: Maybe<Scalars['Int']['output']>;
};

/** The three parties of the Twin-City Economic Circle. */
export type Region =
  /** 成都 */
  | 'CHENGDU'
  /** 重庆 */
  | 'CHONGQING'
  /** the joint office of both governments (联合办公室) */
  | 'JOINT';

export type RemovePlanItemInput = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  itemId: Scalars['ID']['input'];
};

export type ReportMilestoneInput = {
  caseId: Scalars['ID']['input'];
  /** What was delivered and where the evidence is. */
  evidence: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  milestoneId: Scalars['ID']['input'];
};

export type ResolutionProposal = {
  __typename?: 'ResolutionProposal';
  at: Scalars['DateTime']['output'];
  region: Region;
  side: CaseSide;
  text: Scalars['String']['output'];
};

export type ReviseJointProjectInput = {
  baseVersion: Scalars['Int']['input'];
  caseId: Scalars['ID']['input'];
  changeNote: Scalars['String']['input'];
  document: DocumentInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  plan: ProjectPlanInput;
};

export type Role =
  /** manages agencies, users, roles and keys */
  | 'ADMIN'
  /** 审计: reads every decision, verifies integrity, exports evidence */
  | 'AUDITOR'
  /** 联合办公室: arbitrates escalations, supervises projects */
  | 'COORDINATOR'
  /** 起草人: drafts proposals, plan sections and projects */
  | 'DRAFTER'
  /** 审核人: approves internally; on the counterpart side requests changes, accepts or rejects */
  | 'REVIEWER'
  /** 签署人: signs exact document versions with a key only they hold */
  | 'SIGNATORY';

export type SignCaseInput = {
  caseId: Scalars['ID']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The payload exactly as signingPayload returned it. */
  payload: Scalars['String']['input'];
  /** Base64 signature over the payload's UTF-8 bytes. */
  signature: Scalars['String']['input'];
};

export type Signature = {
  __typename?: 'Signature';
  action: Scalars['String']['output'];
  agency: Agency;
  algorithm: SignatureAlgorithm;
  contentHash: Scalars['String']['output'];
  /** Whether the signature is over the current version in the current signing round. */
  current: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  keyId: Scalars['ID']['output'];
  /** The exact bytes that were signed (canonical JSON). */
  payload: Scalars['String']['output'];
  region: Region;
  /** Base64: Ed25519 64 bytes; SM2 r‖s, 64 bytes. */
  signature: Scalars['String']['output'];
  signedAt: Scalars['DateTime']['output'];
  signerName: Scalars['String']['output'];
  versionNumber: Scalars['Int']['output'];
};

export type SignatureAlgorithm =
  /** Ed25519 (RFC 8032) */
  | 'ED25519'
  /** SM2 with SM3 (GB/T 32918, GB/T 32905), user id 1234567812345678 */
  | 'SM2';

export type SigningKey = {
  __typename?: 'SigningKey';
  algorithm: SignatureAlgorithm;
  createdAt: Scalars['DateTime']['output'];
  /** SHA-256 fingerprint of the algorithm and public key, hex. */
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  /** Base64: Ed25519 the 32-byte key; SM2 the 65-byte uncompressed point. */
  publicKey: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type SigningPayload = {
  __typename?: 'SigningPayload';
  action: Scalars['String']['output'];
  /** The agency the signatory signs for (its name is what a signing screen shows). */
  agency: Agency;
  algorithm: SignatureAlgorithm;
  caseId: Scalars['ID']['output'];
  contentHash: Scalars['String']['output'];
  keyId: Scalars['ID']['output'];
  /** Sign exactly these bytes (UTF-8) and send them back with the signature. */
  payload: Scalars['String']['output'];
  /** The policy areas of the version signed. */
  policyAreas: Array<PolicyArea>;
  title: Scalars['String']['output'];
  versionNumber: Scalars['Int']['output'];
};

export type SigningQuorum = {
  __typename?: 'SigningQuorum';
  required: Scalars['Int']['output'];
  /** When not empty, only these users may sign for the side. */
  signatories: Array<User>;
};

/** A due time counted in working days through years the calendar did not cover when it was counted. */
export type SupervisedDueTime = {
  __typename?: 'SupervisedDueTime';
  dueAt: Scalars['DateTime']['output'];
  /** VERIFICATION (of a reported milestone) or RECTIFICATION (of an open inspection) */
  duty: Scalars['String']['output'];
  project: JointProject;
  /** The city that must act by then, in whose calendar the working days were counted. */
  region: Region;
  /** The milestone (M1, …) or inspection (I1, …). */
  subjectId: Scalars['ID']['output'];
  unloadedYears: Array<Scalars['Int']['output']>;
};

export type SupervisedInspection = {
  __typename?: 'SupervisedInspection';
  inspection: Inspection;
  project: JointProject;
};

export type SupervisedMilestone = {
  __typename?: 'SupervisedMilestone';
  /** The city whose action is due or late: the milestone's owner, or its verifier once it is reported. */
  lateParty: CaseParty;
  milestone: Milestone;
  project: JointProject;
};

/** 督办: what needs following up across running projects. */
export type Supervision = {
  __typename?: 'Supervision';
  asOf: Scalars['DateTime']['output'];
  /** Verifications and rectifications still due whose due time was counted through a year the calendar did not cover, earliest first: check them against that year's schedule. */
  calendarIncomplete: Array<SupervisedDueTime>;
  /** Milestones due within the window asked for. */
  dueSoon: Array<SupervisedMilestone>;
  openInspections: Array<SupervisedInspection>;
  /** Milestones past due and not delivered (reported), earliest first: their owners are late. */
  overdue: Array<SupervisedMilestone>;
  /** Reported milestones whose verification is past due, earliest first: the verifying city is late, not the one that delivered. */
  overdueVerifications: Array<SupervisedMilestone>;
};

/**
 * A text field in both versions, line by line. The lines with a `fromLine`, each the join of its UNCHANGED and
 * REMOVED segments, joined by line breaks, are the older text exactly; those with a `toLine`, UNCHANGED and ADDED,
 * the newer text. A field one version does not have has no lines there.
 */
export type TextDiff = {
  __typename?: 'TextDiff';
  /** title, titleEn, summary, body; for a joint project also goals and milestones (one a line). */
  field: Scalars['String']['output'];
  /** The first 2,000 lines of the redline. */
  lines: Array<RedlineLine>;
  /** Lines of the redline beyond those shown (a long text rewritten throughout); when not 0, the lines shown are its beginning only. A redline also shows lines whole, rather than word by word, beyond what about a tenth of a second of work can compare. */
  omittedLines: Scalars['Int']['output'];
  /** The field's text is the same in both versions. */
  unchanged: Scalars['Boolean']['output'];
};

export type TopicActionInput = {
  caseId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The proposed (or arbitrated) resolution; required where the action makes one. */
  text?: InputMaybe<Scalars['String']['input']>;
  topic: PolicyArea;
};

/** What makes a transition run. */
export type TransitionKind =
  /** No event: the workflow takes it as soon as its condition holds (`event` is `always`). */
  | 'ALWAYS'
  /** The source state is done: a compound state reached a final child, or every region of a parallel state did (`event` is `done`). */
  | 'DONE'
  /** An event (`event` is its type). */
  | 'EVENT';

export type User = {
  __typename?: 'User';
  agency: Agency;
  createdAt: Scalars['DateTime']['output'];
  disabled: Scalars['Boolean']['output'];
  displayName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The region of the user's agency. */
  region: Region;
  roles: Array<Role>;
  username: Scalars['String']['output'];
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

export type Verification = {
  __typename?: 'Verification';
  caseId: Scalars['ID']['output'];
  checkedAt: Scalars['DateTime']['output'];
  entriesChecked: Scalars['Int']['output'];
  headHash: Scalars['String']['output'];
  headSeq: Scalars['Int']['output'];
  problems: Array<VerificationProblem>;
  signaturesChecked: Scalars['Int']['output'];
  /** True when no problem was found. */
  valid: Scalars['Boolean']['output'];
  versionsChecked: Scalars['Int']['output'];
};

/** One problem verification found, and where. */
export type VerificationProblem = {
  __typename?: 'VerificationProblem';
  /** SEQUENCE_GAP, CHAIN_BROKEN, ENTRY_ALTERED, VERSION_MISSING, CONTENT_ALTERED, VERSION_MISMATCH, SIGNATURE_MISSING, SIGNED_BYTES_ALTERED, SIGNATURE_BINDING, KEY_MISSING, KEY_REVOKED, SIGNATURE_INVALID, UNKNOWN_WORKFLOW, DEFINITION_MISMATCH, REPLAY_MISMATCH, READABLE_BEFORE_MISMATCH, FIRST_READABLE_MISMATCH, RECENT_MISMATCH */
  kind: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** The history entry concerned. */
  seq?: Maybe<Scalars['Int']['output']>;
  signatureId?: Maybe<Scalars['ID']['output']>;
  versionId?: Maybe<Scalars['ID']['output']>;
};

/** A party a case waits for: an agency's role, with the users by name where the case names them (a k-of-n signing quorum). */
export type WaitingParty = {
  __typename?: 'WaitingParty';
  /** The actions due from the party. */
  actions: Array<Scalars['String']['output']>;
  /** The agency whose staff must act; null for the joint office's coordinators (any of them). */
  agency?: Maybe<Agency>;
  region: Region;
  role: Role;
  /** When not empty, only these users: the case names them. */
  users: Array<User>;
};

export type WorkflowAction = {
  __typename?: 'WorkflowAction';
  name: Scalars['String']['output'];
  /** Its parameters as canonical JSON, or null. */
  params?: Maybe<Scalars['String']['output']>;
};

export type WorkflowDefinition = {
  __typename?: 'WorkflowDefinition';
  definitionHash: Scalars['String']['output'];
  /** The events the workflow accepts, labelled. */
  eventTypes: Array<WorkflowEvent>;
  events: Array<Scalars['String']['output']>;
  /** Every guard the transitions name, by name, with what it checks. */
  guards: Array<NamedGuard>;
  initial: Scalars['String']['output'];
  /** type@version */
  key: Scalars['String']['output'];
  label: Label;
  /** Depth first, in the order the workflow defines them. */
  states: Array<WorkflowState>;
  transitions: Array<WorkflowTransition>;
};

export type WorkflowEvent = {
  __typename?: 'WorkflowEvent';
  label: Label;
  type: Scalars['String']['output'];
};

/** The condition of a transition as a tree of named guards. */
export type WorkflowGuard = {
  __typename?: 'WorkflowGuard';
  /** What a NAMED guard checks, or the connective. */
  description: Label;
  kind: GuardKind;
  /** The guard's name (NAMED only). */
  name?: Maybe<Scalars['String']['output']>;
  /** Its parameters as canonical JSON (NAMED with parameters only), e.g. `{"side":"initiator"}`. */
  params?: Maybe<Scalars['String']['output']>;
  /** The parts of AND, OR and NOT; empty for NAMED. */
  parts: Array<WorkflowGuard>;
};

export type WorkflowState = {
  __typename?: 'WorkflowState';
  final: Scalars['Boolean']['output'];
  /** Its path from the top, e.g. `signing.initiatorSide`. */
  id: Scalars['String']['output'];
  /** The child a compound state enters first; null otherwise (a parallel state enters all its regions). */
  initial?: Maybe<Scalars['String']['output']>;
  label: Label;
  /** The state's meta data as canonical JSON (e.g. who it is internal to), or null. */
  meta?: Maybe<Scalars['String']['output']>;
  /** The enclosing state; null for a top-level state. */
  parent?: Maybe<Scalars['String']['output']>;
  /** atomic, compound, parallel or final. */
  type: Scalars['String']['output'];
};

/**
 * A transition of a workflow. Of the transitions with the same source and trigger, the first whose condition
 * holds is taken.
 */
export type WorkflowTransition = {
  __typename?: 'WorkflowTransition';
  actions: Array<WorkflowAction>;
  /** The condition as a tree. */
  condition?: Maybe<WorkflowGuard>;
  /** The event's type for EVENT; `always` or `done` otherwise (never an internal name). */
  event: Scalars['String']['output'];
  /** The condition on one line, e.g. `and(isCoordinator, resolvedAsReject)`; null when there is none. */
  guard?: Maybe<Scalars['String']['output']>;
  kind: TransitionKind;
  /** The event's label, or what triggers the transition. */
  label: Label;
  /** The source state's id; '' for the workflow's own transitions, which apply in every state. */
  source: Scalars['String']['output'];
  /** Empty when the transition stays in its state and only runs its actions. */
  targets: Array<Scalars['String']['output']>;
};

/** 工作日历: which years are covered, and every schedule loaded. */
export type WorkingDayCalendar = {
  __typename?: 'WorkingDayCalendar';
  /** Years whose national schedule is in force (the file's or loaded). A due time counted through any other year is flagged (calendarIncomplete). */
  coveredYears: Array<Scalars['Int']['output']>;
  /** Newest year first; national, then each city; newest revision first. */
  schedules: Array<CalendarSchedule>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AddPlanItemInput: AddPlanItemInput;
  Agency: ResolverTypeWrapper<AgencyModel>;
  AgencyConnection: ResolverTypeWrapper<Omit<AgencyConnection, 'edges'> & { edges: Array<ResolversTypes['AgencyEdge']> }>;
  AgencyEdge: ResolverTypeWrapper<Omit<AgencyEdge, 'node'> & { node: ResolversTypes['Agency'] }>;
  AlignmentProgress: ResolverTypeWrapper<AlignmentProgress>;
  Amount: ResolverTypeWrapper<Scalars['Amount']['output']>;
  ArbitrateInput: ArbitrateInput;
  ArbitrationResolution: ArbitrationResolution;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BudgetShare: ResolverTypeWrapper<BudgetShareModel>;
  CalendarNote: ResolverTypeWrapper<CalendarNote>;
  CalendarNoteInput: CalendarNoteInput;
  CalendarOrigin: CalendarOrigin;
  CalendarRegion: CalendarRegion;
  CalendarSchedule: ResolverTypeWrapper<ScheduleViewModel>;
  Case: ResolverTypeWrapper<CaseStateModel>;
  CaseActionInput: CaseActionInput;
  CaseAsOf: ResolverTypeWrapper<CaseAsOfModel>;
  CaseConnection: ResolverTypeWrapper<Omit<CaseConnection, 'edges'> & { edges: Array<ResolversTypes['CaseEdge']> }>;
  CaseEdge: ResolverTypeWrapper<Omit<CaseEdge, 'node'> & { node: ResolversTypes['Case'] }>;
  CaseEvent: ResolverTypeWrapper<CaseEventModel>;
  CaseEventConnection: ResolverTypeWrapper<Omit<CaseEventConnection, 'edges'> & { edges: Array<ResolversTypes['CaseEventEdge']> }>;
  CaseEventEdge: ResolverTypeWrapper<Omit<CaseEventEdge, 'node'> & { node: ResolversTypes['CaseEvent'] }>;
  CaseParty: ResolverTypeWrapper<PartyModel>;
  CaseSide: CaseSide;
  CaseType: CaseType;
  Checkpoint: ResolverTypeWrapper<CheckpointModel>;
  CheckpointKey: ResolverTypeWrapper<CheckpointKey>;
  Consistency: ResolverTypeWrapper<Consistency>;
  ConsistencyProblem: ResolverTypeWrapper<ConsistencyProblem>;
  Countersignature: ResolverTypeWrapper<CountersignatureModel>;
  CreateAgencyInput: CreateAgencyInput;
  CreateJointProjectInput: CreateJointProjectInput;
  CreatePlanAlignmentInput: CreatePlanAlignmentInput;
  CreateProposalInput: CreateProposalInput;
  CreateUserInput: CreateUserInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deadline: ResolverTypeWrapper<Deadline>;
  DiffKind: DiffKind;
  DiffLine: ResolverTypeWrapper<DiffLine>;
  DocumentContent: ResolverTypeWrapper<DocumentContent>;
  DocumentDiff: ResolverTypeWrapper<Omit<DocumentDiff, 'from' | 'to'> & { from: ResolversTypes['DocumentVersion'], to: ResolversTypes['DocumentVersion'] }>;
  DocumentInput: DocumentInput;
  DocumentVersion: ResolverTypeWrapper<DocumentVersionModel>;
  EditDocumentInput: EditDocumentInput;
  EventActor: ResolverTypeWrapper<EventActor>;
  FieldChange: ResolverTypeWrapper<FieldChange>;
  GuardKind: GuardKind;
  HistoryFilter: HistoryFilter;
  HistoryOrder: HistoryOrder;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InclusionProof: ResolverTypeWrapper<InclusionProofModel>;
  Inspection: ResolverTypeWrapper<SupervisedInspectionModel>;
  InspectionActionInput: InspectionActionInput;
  InspectionStatus: InspectionStatus;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ItemPair: ResolverTypeWrapper<PairViewModel>;
  JointProject: ResolverTypeWrapper<CaseStateModel>;
  Label: ResolverTypeWrapper<Label>;
  LoadCalendarYearInput: LoadCalendarYearInput;
  LoginResult: ResolverTypeWrapper<LoginResultModel>;
  MigrateCaseInput: MigrateCaseInput;
  Milestone: ResolverTypeWrapper<SupervisedMilestoneModel>;
  MilestoneInput: MilestoneInput;
  MilestoneReviewInput: MilestoneReviewInput;
  MilestoneStatus: MilestoneStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NamedGuard: ResolverTypeWrapper<NamedGuard>;
  OpenInspectionInput: OpenInspectionInput;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PairStatus: PairStatus;
  PlanAlignment: ResolverTypeWrapper<CaseStateModel>;
  PlanItem: ResolverTypeWrapper<ItemViewModel>;
  PolicyArea: PolicyArea;
  PolicyProposal: ResolverTypeWrapper<CaseStateModel>;
  ProjectEntry: ResolverTypeWrapper<EntryModel>;
  ProjectPlanInput: ProjectPlanInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QuorumInput: QuorumInput;
  RedlineKind: RedlineKind;
  RedlineLine: ResolverTypeWrapper<RedlineLine>;
  Region: Region;
  RemovePlanItemInput: RemovePlanItemInput;
  ReportMilestoneInput: ReportMilestoneInput;
  ResolutionProposal: ResolverTypeWrapper<ProposalViewModel>;
  ReviseJointProjectInput: ReviseJointProjectInput;
  Role: Role;
  SignCaseInput: SignCaseInput;
  Signature: ResolverTypeWrapper<SignatureViewModel>;
  SignatureAlgorithm: SignatureAlgorithm;
  SigningKey: ResolverTypeWrapper<SigningKeyModel>;
  SigningPayload: ResolverTypeWrapper<Omit<SigningPayload, 'agency'> & { agency: ResolversTypes['Agency'] }>;
  SigningQuorum: ResolverTypeWrapper<Omit<SigningQuorum, 'signatories'> & { signatories: Array<ResolversTypes['User']> }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SupervisedDueTime: ResolverTypeWrapper<CalendarGapModel>;
  SupervisedInspection: ResolverTypeWrapper<SupervisedInspectionModel>;
  SupervisedMilestone: ResolverTypeWrapper<SupervisedMilestoneModel>;
  Supervision: ResolverTypeWrapper<SupervisionModel>;
  TextDiff: ResolverTypeWrapper<TextDiff>;
  TopicActionInput: TopicActionInput;
  TransitionKind: TransitionKind;
  User: ResolverTypeWrapper<UserModel>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
  Verification: ResolverTypeWrapper<Verification>;
  VerificationProblem: ResolverTypeWrapper<VerificationProblem>;
  WaitingParty: ResolverTypeWrapper<WaitingPartyModel>;
  WorkflowAction: ResolverTypeWrapper<WorkflowAction>;
  WorkflowDefinition: ResolverTypeWrapper<WorkflowModel>;
  WorkflowEvent: ResolverTypeWrapper<WorkflowEvent>;
  WorkflowGuard: ResolverTypeWrapper<WorkflowGuard>;
  WorkflowState: ResolverTypeWrapper<WorkflowState>;
  WorkflowTransition: ResolverTypeWrapper<WorkflowTransition>;
  WorkingDayCalendar: ResolverTypeWrapper<CalendarOverviewModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AddPlanItemInput: AddPlanItemInput;
  Agency: AgencyModel;
  AgencyConnection: Omit<AgencyConnection, 'edges'> & { edges: Array<ResolversParentTypes['AgencyEdge']> };
  AgencyEdge: Omit<AgencyEdge, 'node'> & { node: ResolversParentTypes['Agency'] };
  AlignmentProgress: AlignmentProgress;
  Amount: Scalars['Amount']['output'];
  ArbitrateInput: ArbitrateInput;
  Boolean: Scalars['Boolean']['output'];
  BudgetShare: BudgetShareModel;
  CalendarNote: CalendarNote;
  CalendarNoteInput: CalendarNoteInput;
  CalendarSchedule: ScheduleViewModel;
  Case: CaseStateModel;
  CaseActionInput: CaseActionInput;
  CaseAsOf: CaseAsOfModel;
  CaseConnection: Omit<CaseConnection, 'edges'> & { edges: Array<ResolversParentTypes['CaseEdge']> };
  CaseEdge: Omit<CaseEdge, 'node'> & { node: ResolversParentTypes['Case'] };
  CaseEvent: CaseEventModel;
  CaseEventConnection: Omit<CaseEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['CaseEventEdge']> };
  CaseEventEdge: Omit<CaseEventEdge, 'node'> & { node: ResolversParentTypes['CaseEvent'] };
  CaseParty: PartyModel;
  Checkpoint: CheckpointModel;
  CheckpointKey: CheckpointKey;
  Consistency: Consistency;
  ConsistencyProblem: ConsistencyProblem;
  Countersignature: CountersignatureModel;
  CreateAgencyInput: CreateAgencyInput;
  CreateJointProjectInput: CreateJointProjectInput;
  CreatePlanAlignmentInput: CreatePlanAlignmentInput;
  CreateProposalInput: CreateProposalInput;
  CreateUserInput: CreateUserInput;
  DateTime: Scalars['DateTime']['output'];
  Deadline: Deadline;
  DiffLine: DiffLine;
  DocumentContent: DocumentContent;
  DocumentDiff: Omit<DocumentDiff, 'from' | 'to'> & { from: ResolversParentTypes['DocumentVersion'], to: ResolversParentTypes['DocumentVersion'] };
  DocumentInput: DocumentInput;
  DocumentVersion: DocumentVersionModel;
  EditDocumentInput: EditDocumentInput;
  EventActor: EventActor;
  FieldChange: FieldChange;
  HistoryFilter: HistoryFilter;
  ID: Scalars['ID']['output'];
  InclusionProof: InclusionProofModel;
  Inspection: SupervisedInspectionModel;
  InspectionActionInput: InspectionActionInput;
  Int: Scalars['Int']['output'];
  ItemPair: PairViewModel;
  JointProject: CaseStateModel;
  Label: Label;
  LoadCalendarYearInput: LoadCalendarYearInput;
  LoginResult: LoginResultModel;
  MigrateCaseInput: MigrateCaseInput;
  Milestone: SupervisedMilestoneModel;
  MilestoneInput: MilestoneInput;
  MilestoneReviewInput: MilestoneReviewInput;
  Mutation: Record<PropertyKey, never>;
  NamedGuard: NamedGuard;
  OpenInspectionInput: OpenInspectionInput;
  PageInfo: PageInfo;
  PlanAlignment: CaseStateModel;
  PlanItem: ItemViewModel;
  PolicyProposal: CaseStateModel;
  ProjectEntry: EntryModel;
  ProjectPlanInput: ProjectPlanInput;
  Query: Record<PropertyKey, never>;
  QuorumInput: QuorumInput;
  RedlineLine: RedlineLine;
  RemovePlanItemInput: RemovePlanItemInput;
  ReportMilestoneInput: ReportMilestoneInput;
  ResolutionProposal: ProposalViewModel;
  ReviseJointProjectInput: ReviseJointProjectInput;
  SignCaseInput: SignCaseInput;
  Signature: SignatureViewModel;
  SigningKey: SigningKeyModel;
  SigningPayload: Omit<SigningPayload, 'agency'> & { agency: ResolversParentTypes['Agency'] };
  SigningQuorum: Omit<SigningQuorum, 'signatories'> & { signatories: Array<ResolversParentTypes['User']> };
  String: Scalars['String']['output'];
  SupervisedDueTime: CalendarGapModel;
  SupervisedInspection: SupervisedInspectionModel;
  SupervisedMilestone: SupervisedMilestoneModel;
  Supervision: SupervisionModel;
  TextDiff: TextDiff;
  TopicActionInput: TopicActionInput;
  User: UserModel;
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
  Verification: Verification;
  VerificationProblem: VerificationProblem;
  WaitingParty: WaitingPartyModel;
  WorkflowAction: WorkflowAction;
  WorkflowDefinition: WorkflowModel;
  WorkflowEvent: WorkflowEvent;
  WorkflowGuard: WorkflowGuard;
  WorkflowState: WorkflowState;
  WorkflowTransition: WorkflowTransition;
  WorkingDayCalendar: CalendarOverviewModel;
};

export type CostDirectiveArgs = {
  weight: Scalars['Int']['input'];
};

export type CostDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = CostDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AgencyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Agency'] = ResolversParentTypes['Agency']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
};

export type AgencyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgencyConnection'] = ResolversParentTypes['AgencyConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AgencyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AgencyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AgencyEdge'] = ResolversParentTypes['AgencyEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
};

export type AlignmentProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AlignmentProgress'] = ResolversParentTypes['AlignmentProgress']> = {
  aligned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  divergent?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  escalated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface AmountScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Amount'], any> {
  name: 'Amount';
}

export type BudgetShareResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BudgetShare'] = ResolversParentTypes['BudgetShare']> = {
  amount?: Resolver<ResolversTypes['Amount'], ParentType, ContextType>;
  leadAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['CaseSide'], ParentType, ContextType>;
};

export type CalendarNoteResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CalendarNote'] = ResolversParentTypes['CalendarNote']> = {
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CalendarScheduleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CalendarSchedule'] = ResolversParentTypes['CalendarSchedule']> = {
  inForce?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  loadedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  loadedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nonWorkingDays?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['CalendarNote']>, ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['CalendarOrigin'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['CalendarRegion'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workingDays?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  year?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CaseResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Case'] = ResolversParentTypes['Case']> = {
  __resolveType: TypeResolveFn<'JointProject' | 'PlanAlignment' | 'PolicyProposal', ParentType, ContextType>;
};

export type CaseAsOfResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseAsOf'] = ResolversParentTypes['CaseAsOf']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  availableActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  headHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  signatures?: Resolver<Array<ResolversTypes['Signature']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
  workflow?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CaseConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseConnection'] = ResolversParentTypes['CaseConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CaseEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CaseEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseEdge'] = ResolversParentTypes['CaseEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Case'], ParentType, ContextType>;
};

export type CaseEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseEvent'] = ResolversParentTypes['CaseEvent']> = {
  actor?: Resolver<ResolversTypes['EventActor'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  caseType?: Resolver<ResolversTypes['CaseType'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  definitionHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromState?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lateParty?: Resolver<Maybe<ResolversTypes['CaseParty']>, ParentType, ContextType>;
  prevHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  signatureId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  toState?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<Maybe<ResolversTypes['PolicyArea']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versionNumber?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  workflow?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CaseEventConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseEventConnection'] = ResolversParentTypes['CaseEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CaseEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CaseEventEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseEventEdge'] = ResolversParentTypes['CaseEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['CaseEvent'], ParentType, ContextType>;
};

export type CasePartyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CaseParty'] = ResolversParentTypes['CaseParty']> = {
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
};

export type CheckpointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Checkpoint'] = ResolversParentTypes['Checkpoint']> = {
  countersignatures?: Resolver<Array<ResolversTypes['Countersignature']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rootHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serverKeyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  serverSignature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statement?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  treeSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CheckpointKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CheckpointKey'] = ResolversParentTypes['CheckpointKey']> = {
  algorithm?: Resolver<ResolversTypes['SignatureAlgorithm'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  publicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ConsistencyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Consistency'] = ResolversParentTypes['Consistency']> = {
  casesChecked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  consistent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['ConsistencyProblem']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConsistencyProblemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConsistencyProblem'] = ResolversParentTypes['ConsistencyProblem']> = {
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CountersignatureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Countersignature'] = ResolversParentTypes['Countersignature']> = {
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  algorithm?: Resolver<ResolversTypes['SignatureAlgorithm'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  signature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  signerName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeadlineResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Deadline'] = ResolversParentTypes['Deadline']> = {
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DiffLineResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DiffLine'] = ResolversParentTypes['DiffLine']> = {
  kind?: Resolver<ResolversTypes['DiffKind'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DocumentContentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DocumentContent'] = ResolversParentTypes['DocumentContent']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  policyAreas?: Resolver<Array<ResolversTypes['PolicyArea']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  titleEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DocumentDiffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DocumentDiff'] = ResolversParentTypes['DocumentDiff']> = {
  body?: Resolver<Array<ResolversTypes['DiffLine']>, ParentType, ContextType>;
  changedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['FieldChange']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
  redline?: Resolver<Array<ResolversTypes['TextDiff']>, ParentType, ContextType>;
  textUnchanged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
};

export type DocumentVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DocumentVersion'] = ResolversParentTypes['DocumentVersion']> = {
  authorAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  authorName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changeNote?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  content?: Resolver<ResolversTypes['DocumentContent'], ParentType, ContextType>;
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EventActorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EventActor'] = ResolversParentTypes['EventActor']> = {
  agencyId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['Region']>, ParentType, ContextType>;
  roles?: Resolver<Maybe<Array<ResolversTypes['Role']>>, ParentType, ContextType>;
  system?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  username?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type FieldChangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FieldChange'] = ResolversParentTypes['FieldChange']> = {
  after?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InclusionProofResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['InclusionProof'] = ResolversParentTypes['InclusionProof']> = {
  auditPath?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  checkpoint?: Resolver<ResolversTypes['Checkpoint'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  leafIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  treeSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InspectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Inspection'] = ResolversParentTypes['Inspection']> = {
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  findings?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  openedByAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  openedByRegion?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  overdueSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rectificationCalendarIncomplete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rectificationDueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rectificationUnloadedYears?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  rectifications?: Resolver<Array<ResolversTypes['ProjectEntry']>, ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  returns?: Resolver<Array<ResolversTypes['ProjectEntry']>, ParentType, ContextType>;
  side?: Resolver<ResolversTypes['CaseSide'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InspectionStatus'], ParentType, ContextType>;
};

export type ItemPairResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemPair'] = ResolversParentTypes['ItemPair']> = {
  counterpartItem?: Resolver<Maybe<ResolversTypes['PlanItem']>, ParentType, ContextType>;
  initiatorItem?: Resolver<Maybe<ResolversTypes['PlanItem']>, ParentType, ContextType>;
  proposals?: Resolver<Array<ResolversTypes['ResolutionProposal']>, ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PairStatus'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['PolicyArea'], ParentType, ContextType>;
};

export type JointProjectResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JointProject'] = ResolversParentTypes['JointProject']> = {
  availableActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  awaitedActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  budget?: Resolver<Array<ResolversTypes['BudgetShare']>, ParentType, ContextType>;
  counterpart?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  counterpartQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currentVersion?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
  deadlines?: Resolver<Array<ResolversTypes['Deadline']>, ParentType, ContextType>;
  endorsedBy?: Resolver<Array<ResolversTypes['CaseSide']>, ParentType, ContextType>;
  goals?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  headHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['CaseEventConnection'], ParentType, ContextType, RequireFields<JointProjectHistoryArgs, 'first'>>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiator?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  initiatorQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  inspections?: Resolver<Array<ResolversTypes['Inspection']>, ParentType, ContextType>;
  milestones?: Resolver<Array<ResolversTypes['Milestone']>, ParentType, ContextType>;
  resumptionRequestedBy?: Resolver<Array<ResolversTypes['CaseSide']>, ParentType, ContextType>;
  signatures?: Resolver<Array<ResolversTypes['Signature']>, ParentType, ContextType>;
  signedBy?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  suspendedSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  suspensionRequestedBy?: Resolver<Array<ResolversTypes['CaseSide']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['CaseType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  verificationWorkingDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['DocumentVersion']>, ParentType, ContextType>;
  waitingFor?: Resolver<Array<ResolversTypes['WaitingParty']>, ParentType, ContextType>;
  workflow?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type LabelResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Label'] = ResolversParentTypes['Label']> = {
  en?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  zh?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LoginResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LoginResult'] = ResolversParentTypes['LoginResult']> = {
  deviceToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type MilestoneResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Milestone'] = ResolversParentTypes['Milestone']> = {
  deliverable?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dueDate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  overdueSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  ownerAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  rejections?: Resolver<Array<ResolversTypes['ProjectEntry']>, ParentType, ContextType>;
  reports?: Resolver<Array<ResolversTypes['ProjectEntry']>, ParentType, ContextType>;
  side?: Resolver<ResolversTypes['CaseSide'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MilestoneStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verificationCalendarIncomplete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  verificationDueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  verificationOverdueSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  verificationUnloadedYears?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  verifiedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  abandonAlignment?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationAbandonAlignmentArgs, 'input'>>;
  acceptProposal?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationAcceptProposalArgs, 'input'>>;
  acceptResolution?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationAcceptResolutionArgs, 'input'>>;
  addPlanItem?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationAddPlanItemArgs, 'input'>>;
  approveInternally?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationApproveInternallyArgs, 'input'>>;
  arbitrate?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationArbitrateArgs, 'input'>>;
  arbitratePlanItem?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationArbitratePlanItemArgs, 'input'>>;
  closeInspection?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationCloseInspectionArgs, 'input'>>;
  counterPropose?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationCounterProposeArgs, 'input'>>;
  countersignCheckpoint?: Resolver<ResolversTypes['Checkpoint'], ParentType, ContextType, RequireFields<MutationCountersignCheckpointArgs, 'keyId' | 'number' | 'signature' | 'signedAt'>>;
  createAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType, RequireFields<MutationCreateAgencyArgs, 'input'>>;
  createCheckpoint?: Resolver<ResolversTypes['Checkpoint'], ParentType, ContextType>;
  createJointProject?: Resolver<ResolversTypes['JointProject'], ParentType, ContextType, RequireFields<MutationCreateJointProjectArgs, 'input'>>;
  createPlanAlignment?: Resolver<ResolversTypes['PlanAlignment'], ParentType, ContextType, RequireFields<MutationCreatePlanAlignmentArgs, 'input'>>;
  createProposal?: Resolver<ResolversTypes['PolicyProposal'], ParentType, ContextType, RequireFields<MutationCreateProposalArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  declineTermination?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationDeclineTerminationArgs, 'input'>>;
  declineToSign?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationDeclineToSignArgs, 'input'>>;
  disableUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDisableUserArgs, 'userId'>>;
  editDocument?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationEditDocumentArgs, 'input'>>;
  enableUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationEnableUserArgs, 'userId'>>;
  endorseFeasibility?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationEndorseFeasibilityArgs, 'input'>>;
  escalateCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationEscalateCaseArgs, 'input'>>;
  loadCalendarYear?: Resolver<ResolversTypes['CalendarSchedule'], ParentType, ContextType, RequireFields<MutationLoadCalendarYearArgs, 'input'>>;
  login?: Resolver<ResolversTypes['LoginResult'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'password' | 'username'>>;
  migrateCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationMigrateCaseArgs, 'input'>>;
  openInspection?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationOpenInspectionArgs, 'input'>>;
  proposeResolution?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationProposeResolutionArgs, 'input'>>;
  raiseConcern?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRaiseConcernArgs, 'input'>>;
  registerSigningKey?: Resolver<ResolversTypes['SigningKey'], ParentType, ContextType, RequireFields<MutationRegisterSigningKeyArgs, 'algorithm' | 'label' | 'publicKey'>>;
  rejectMilestone?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRejectMilestoneArgs, 'input'>>;
  rejectProposal?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRejectProposalArgs, 'input'>>;
  removePlanItem?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRemovePlanItemArgs, 'input'>>;
  reportMilestone?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationReportMilestoneArgs, 'input'>>;
  reportRectification?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationReportRectificationArgs, 'input'>>;
  requestChanges?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRequestChangesArgs, 'input'>>;
  requestFurtherRectification?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRequestFurtherRectificationArgs, 'input'>>;
  requestTermination?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationRequestTerminationArgs, 'input'>>;
  resubmitProposal?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationResubmitProposalArgs, 'input'>>;
  resumeProject?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationResumeProjectArgs, 'input'>>;
  returnToDrafter?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationReturnToDrafterArgs, 'input'>>;
  reviseJointProject?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationReviseJointProjectArgs, 'input'>>;
  revokeSigningKey?: Resolver<ResolversTypes['SigningKey'], ParentType, ContextType, RequireFields<MutationRevokeSigningKeyArgs, 'keyId'>>;
  setUserRoles?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserRolesArgs, 'roles' | 'userId'>>;
  signCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSignCaseArgs, 'input'>>;
  submitForInternalReview?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSubmitForInternalReviewArgs, 'input'>>;
  submitJointProject?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSubmitJointProjectArgs, 'input'>>;
  submitSection?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSubmitSectionArgs, 'input'>>;
  suspendProject?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationSuspendProjectArgs, 'input'>>;
  verifyMilestone?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationVerifyMilestoneArgs, 'input'>>;
  withdrawCase?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<MutationWithdrawCaseArgs, 'input'>>;
};

export type NamedGuardResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['NamedGuard'] = ResolversParentTypes['NamedGuard']> = {
  description?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PlanAlignmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanAlignment'] = ResolversParentTypes['PlanAlignment']> = {
  availableActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  awaitedActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  counterpart?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  counterpartQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currentVersion?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
  deadlines?: Resolver<Array<ResolversTypes['Deadline']>, ParentType, ContextType>;
  headHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['CaseEventConnection'], ParentType, ContextType, RequireFields<PlanAlignmentHistoryArgs, 'first'>>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiator?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  initiatorQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['PlanItem']>, ParentType, ContextType>;
  maxRounds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pairs?: Resolver<Array<ResolversTypes['ItemPair']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['AlignmentProgress'], ParentType, ContextType>;
  sectionsSubmitted?: Resolver<Array<ResolversTypes['CaseSide']>, ParentType, ContextType>;
  signatures?: Resolver<Array<ResolversTypes['Signature']>, ParentType, ContextType>;
  signedBy?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['CaseType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['DocumentVersion']>, ParentType, ContextType>;
  waitingFor?: Resolver<Array<ResolversTypes['WaitingParty']>, ParentType, ContextType>;
  workflow?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PlanItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanItem'] = ResolversParentTypes['PlanItem']> = {
  deadline?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  indicator?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ownerAgency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['CaseSide'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['PairStatus']>, ParentType, ContextType>;
  target?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['PolicyArea'], ParentType, ContextType>;
};

export type PolicyProposalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PolicyProposal'] = ResolversParentTypes['PolicyProposal']> = {
  availableActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  awaitedActions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  counterpart?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  counterpartQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currentVersion?: Resolver<ResolversTypes['DocumentVersion'], ParentType, ContextType>;
  deadlines?: Resolver<Array<ResolversTypes['Deadline']>, ParentType, ContextType>;
  headHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['CaseEventConnection'], ParentType, ContextType, RequireFields<PolicyProposalHistoryArgs, 'first'>>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initiator?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  initiatorQuorum?: Resolver<ResolversTypes['SigningQuorum'], ParentType, ContextType>;
  signatures?: Resolver<Array<ResolversTypes['Signature']>, ParentType, ContextType>;
  signedBy?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['CaseType'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['DocumentVersion']>, ParentType, ContextType>;
  waitingFor?: Resolver<Array<ResolversTypes['WaitingParty']>, ParentType, ContextType>;
  workflow?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ProjectEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProjectEntry'] = ResolversParentTypes['ProjectEntry']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  byUserId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  agencies?: Resolver<ResolversTypes['AgencyConnection'], ParentType, ContextType, RequireFields<QueryAgenciesArgs, 'first'>>;
  calendar?: Resolver<ResolversTypes['WorkingDayCalendar'], ParentType, ContextType, Partial<QueryCalendarArgs>>;
  case?: Resolver<ResolversTypes['Case'], ParentType, ContextType, RequireFields<QueryCaseArgs, 'id'>>;
  caseAsOf?: Resolver<ResolversTypes['CaseAsOf'], ParentType, ContextType, RequireFields<QueryCaseAsOfArgs, 'at' | 'id'>>;
  checkpoint?: Resolver<Maybe<ResolversTypes['Checkpoint']>, ParentType, ContextType, Partial<QueryCheckpointArgs>>;
  checkpointConsistency?: Resolver<ResolversTypes['Consistency'], ParentType, ContextType, RequireFields<QueryCheckpointConsistencyArgs, 'from' | 'to'>>;
  checkpointKey?: Resolver<ResolversTypes['CheckpointKey'], ParentType, ContextType>;
  documentDiff?: Resolver<ResolversTypes['DocumentDiff'], ParentType, ContextType, RequireFields<QueryDocumentDiffArgs, 'caseId' | 'from' | 'to'>>;
  evidenceBundle?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<QueryEvidenceBundleArgs, 'caseId'>>;
  history?: Resolver<ResolversTypes['CaseEventConnection'], ParentType, ContextType, RequireFields<QueryHistoryArgs, 'order'>>;
  historyCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<QueryHistoryCountArgs>>;
  inbox?: Resolver<ResolversTypes['CaseConnection'], ParentType, ContextType, RequireFields<QueryInboxArgs, 'first'>>;
  inclusionProof?: Resolver<ResolversTypes['InclusionProof'], ParentType, ContextType, RequireFields<QueryInclusionProofArgs, 'caseId'>>;
  me?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  mySigningKeys?: Resolver<Array<ResolversTypes['SigningKey']>, ParentType, ContextType>;
  signingPayload?: Resolver<ResolversTypes['SigningPayload'], ParentType, ContextType, RequireFields<QuerySigningPayloadArgs, 'action' | 'caseId' | 'keyId'>>;
  supervision?: Resolver<ResolversTypes['Supervision'], ParentType, ContextType, RequireFields<QuerySupervisionArgs, 'withinDays'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
  verifyCase?: Resolver<ResolversTypes['Verification'], ParentType, ContextType, RequireFields<QueryVerifyCaseArgs, 'id'>>;
  workflowDefinitions?: Resolver<Array<ResolversTypes['WorkflowDefinition']>, ParentType, ContextType>;
};

export type RedlineLineResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RedlineLine'] = ResolversParentTypes['RedlineLine']> = {
  fromLine?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['RedlineKind'], ParentType, ContextType>;
  segments?: Resolver<Array<ResolversTypes['DiffLine']>, ParentType, ContextType>;
  toLine?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ResolutionProposalResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResolutionProposal'] = ResolversParentTypes['ResolutionProposal']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  side?: Resolver<ResolversTypes['CaseSide'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SignatureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Signature'] = ResolversParentTypes['Signature']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  algorithm?: Resolver<ResolversTypes['SignatureAlgorithm'], ParentType, ContextType>;
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  signature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  signerName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versionNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SigningKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SigningKey'] = ResolversParentTypes['SigningKey']> = {
  algorithm?: Resolver<ResolversTypes['SignatureAlgorithm'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  publicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type SigningPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SigningPayload'] = ResolversParentTypes['SigningPayload']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  algorithm?: Resolver<ResolversTypes['SignatureAlgorithm'], ParentType, ContextType>;
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  keyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  policyAreas?: Resolver<Array<ResolversTypes['PolicyArea']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versionNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SigningQuorumResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SigningQuorum'] = ResolversParentTypes['SigningQuorum']> = {
  required?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  signatories?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type SupervisedDueTimeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SupervisedDueTime'] = ResolversParentTypes['SupervisedDueTime']> = {
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  duty?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['JointProject'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  subjectId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unloadedYears?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type SupervisedInspectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SupervisedInspection'] = ResolversParentTypes['SupervisedInspection']> = {
  inspection?: Resolver<ResolversTypes['Inspection'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['JointProject'], ParentType, ContextType>;
};

export type SupervisedMilestoneResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SupervisedMilestone'] = ResolversParentTypes['SupervisedMilestone']> = {
  lateParty?: Resolver<ResolversTypes['CaseParty'], ParentType, ContextType>;
  milestone?: Resolver<ResolversTypes['Milestone'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['JointProject'], ParentType, ContextType>;
};

export type SupervisionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Supervision'] = ResolversParentTypes['Supervision']> = {
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  calendarIncomplete?: Resolver<Array<ResolversTypes['SupervisedDueTime']>, ParentType, ContextType>;
  dueSoon?: Resolver<Array<ResolversTypes['SupervisedMilestone']>, ParentType, ContextType>;
  openInspections?: Resolver<Array<ResolversTypes['SupervisedInspection']>, ParentType, ContextType>;
  overdue?: Resolver<Array<ResolversTypes['SupervisedMilestone']>, ParentType, ContextType>;
  overdueVerifications?: Resolver<Array<ResolversTypes['SupervisedMilestone']>, ParentType, ContextType>;
};

export type TextDiffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TextDiff'] = ResolversParentTypes['TextDiff']> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['RedlineLine']>, ParentType, ContextType>;
  omittedLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  agency?: Resolver<ResolversTypes['Agency'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UserConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = {
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type UserEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type VerificationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Verification'] = ResolversParentTypes['Verification']> = {
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  checkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  entriesChecked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  headHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  headSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['VerificationProblem']>, ParentType, ContextType>;
  signaturesChecked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  versionsChecked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type VerificationProblemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VerificationProblem'] = ResolversParentTypes['VerificationProblem']> = {
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seq?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  signatureId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  versionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type WaitingPartyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WaitingParty'] = ResolversParentTypes['WaitingParty']> = {
  actions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  agency?: Resolver<Maybe<ResolversTypes['Agency']>, ParentType, ContextType>;
  region?: Resolver<ResolversTypes['Region'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type WorkflowActionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowAction'] = ResolversParentTypes['WorkflowAction']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  params?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type WorkflowDefinitionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowDefinition'] = ResolversParentTypes['WorkflowDefinition']> = {
  definitionHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventTypes?: Resolver<Array<ResolversTypes['WorkflowEvent']>, ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  guards?: Resolver<Array<ResolversTypes['NamedGuard']>, ParentType, ContextType>;
  initial?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  states?: Resolver<Array<ResolversTypes['WorkflowState']>, ParentType, ContextType>;
  transitions?: Resolver<Array<ResolversTypes['WorkflowTransition']>, ParentType, ContextType>;
};

export type WorkflowEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowEvent'] = ResolversParentTypes['WorkflowEvent']> = {
  label?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WorkflowGuardResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowGuard'] = ResolversParentTypes['WorkflowGuard']> = {
  description?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['GuardKind'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  params?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parts?: Resolver<Array<ResolversTypes['WorkflowGuard']>, ParentType, ContextType>;
};

export type WorkflowStateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowState'] = ResolversParentTypes['WorkflowState']> = {
  final?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  initial?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  meta?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WorkflowTransitionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkflowTransition'] = ResolversParentTypes['WorkflowTransition']> = {
  actions?: Resolver<Array<ResolversTypes['WorkflowAction']>, ParentType, ContextType>;
  condition?: Resolver<Maybe<ResolversTypes['WorkflowGuard']>, ParentType, ContextType>;
  event?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  guard?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TransitionKind'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['Label'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targets?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type WorkingDayCalendarResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WorkingDayCalendar'] = ResolversParentTypes['WorkingDayCalendar']> = {
  coveredYears?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  schedules?: Resolver<Array<ResolversTypes['CalendarSchedule']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Agency?: AgencyResolvers<ContextType>;
  AgencyConnection?: AgencyConnectionResolvers<ContextType>;
  AgencyEdge?: AgencyEdgeResolvers<ContextType>;
  AlignmentProgress?: AlignmentProgressResolvers<ContextType>;
  Amount?: GraphQLScalarType;
  BudgetShare?: BudgetShareResolvers<ContextType>;
  CalendarNote?: CalendarNoteResolvers<ContextType>;
  CalendarSchedule?: CalendarScheduleResolvers<ContextType>;
  Case?: CaseResolvers<ContextType>;
  CaseAsOf?: CaseAsOfResolvers<ContextType>;
  CaseConnection?: CaseConnectionResolvers<ContextType>;
  CaseEdge?: CaseEdgeResolvers<ContextType>;
  CaseEvent?: CaseEventResolvers<ContextType>;
  CaseEventConnection?: CaseEventConnectionResolvers<ContextType>;
  CaseEventEdge?: CaseEventEdgeResolvers<ContextType>;
  CaseParty?: CasePartyResolvers<ContextType>;
  Checkpoint?: CheckpointResolvers<ContextType>;
  CheckpointKey?: CheckpointKeyResolvers<ContextType>;
  Consistency?: ConsistencyResolvers<ContextType>;
  ConsistencyProblem?: ConsistencyProblemResolvers<ContextType>;
  Countersignature?: CountersignatureResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deadline?: DeadlineResolvers<ContextType>;
  DiffLine?: DiffLineResolvers<ContextType>;
  DocumentContent?: DocumentContentResolvers<ContextType>;
  DocumentDiff?: DocumentDiffResolvers<ContextType>;
  DocumentVersion?: DocumentVersionResolvers<ContextType>;
  EventActor?: EventActorResolvers<ContextType>;
  FieldChange?: FieldChangeResolvers<ContextType>;
  InclusionProof?: InclusionProofResolvers<ContextType>;
  Inspection?: InspectionResolvers<ContextType>;
  ItemPair?: ItemPairResolvers<ContextType>;
  JointProject?: JointProjectResolvers<ContextType>;
  Label?: LabelResolvers<ContextType>;
  LoginResult?: LoginResultResolvers<ContextType>;
  Milestone?: MilestoneResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NamedGuard?: NamedGuardResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlanAlignment?: PlanAlignmentResolvers<ContextType>;
  PlanItem?: PlanItemResolvers<ContextType>;
  PolicyProposal?: PolicyProposalResolvers<ContextType>;
  ProjectEntry?: ProjectEntryResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RedlineLine?: RedlineLineResolvers<ContextType>;
  ResolutionProposal?: ResolutionProposalResolvers<ContextType>;
  Signature?: SignatureResolvers<ContextType>;
  SigningKey?: SigningKeyResolvers<ContextType>;
  SigningPayload?: SigningPayloadResolvers<ContextType>;
  SigningQuorum?: SigningQuorumResolvers<ContextType>;
  SupervisedDueTime?: SupervisedDueTimeResolvers<ContextType>;
  SupervisedInspection?: SupervisedInspectionResolvers<ContextType>;
  SupervisedMilestone?: SupervisedMilestoneResolvers<ContextType>;
  Supervision?: SupervisionResolvers<ContextType>;
  TextDiff?: TextDiffResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
  Verification?: VerificationResolvers<ContextType>;
  VerificationProblem?: VerificationProblemResolvers<ContextType>;
  WaitingParty?: WaitingPartyResolvers<ContextType>;
  WorkflowAction?: WorkflowActionResolvers<ContextType>;
  WorkflowDefinition?: WorkflowDefinitionResolvers<ContextType>;
  WorkflowEvent?: WorkflowEventResolvers<ContextType>;
  WorkflowGuard?: WorkflowGuardResolvers<ContextType>;
  WorkflowState?: WorkflowStateResolvers<ContextType>;
  WorkflowTransition?: WorkflowTransitionResolvers<ContextType>;
  WorkingDayCalendar?: WorkingDayCalendarResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GraphQLContext> = {
  cost?: CostDirectiveResolver<any, any, ContextType>;
};
