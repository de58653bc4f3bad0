import { maxOpenInspectionsPerOpener } from './joint-project.js';

/**
 * What the states, events and guards of each workflow are called in Chinese and English, for drawings and lists.
 * Keyed by workflow type (the machine's id), so that every version of a machine shares them; states by their path
 * (see structure.ts). A state, event or guard without a label fails tests/unit/workflow-structure.test.ts.
 */

export interface Label {
  zh: string;
  en: string;
}

export interface WorkflowLabels {
  /** The workflow itself, which is also the label of its root state. */
  title: Label;
  states: Readonly<Record<string, Label>>;
  events: Readonly<Record<string, Label>>;
  /** What each named guard checks; parameters are shown beside it. */
  guards: Readonly<Record<string, Label>>;
}

/** The triggers that are not events (structure.ts `Trigger`): a done transition is named after its state. */
export const triggerLabels = {
  always: { zh: '条件满足时自动转入', en: 'automatically, once its condition holds' },
  done: { zh: '完成', en: 'done' },
} as const satisfies Record<string, Label>;

export const connectiveLabels = {
  and: { zh: '同时满足', en: 'all of' },
  or: { zh: '满足其一', en: 'any of' },
  not: { zh: '不满足', en: 'not' },
} as const satisfies Record<string, Label>;

/** The two regions of a parallel signing state (signing.ts `signingSidesFor`), each collecting its side's quorum. */
function signingRegions(state: string, what: Label): Record<string, Label> {
  const sides = [
    ['initiatorSide', { zh: '发起方', en: 'initiator' }],
    ['counterpartSide', { zh: '对方', en: 'counterpart' }],
  ] as const;
  return Object.fromEntries(
    sides.flatMap(([key, side]) => [
      [`${state}.${key}`, { zh: `${side.zh}${what.zh}`, en: `${what.en} by the ${side.en}` }],
      [`${state}.${key}.collecting`, { zh: `${side.zh}待${what.zh}`, en: `${what.en} by the ${side.en}: awaiting signatures` }],
      [`${state}.${key}.signed`, { zh: `${side.zh}已${what.zh}`, en: `${what.en} by the ${side.en}: quorum met` }],
    ]),
  );
}

const sign = { zh: '签署', en: 'Signing' };

const commonGuards = {
  isInitiatorDrafter: { zh: '发起机构的起草人', en: 'a drafter of the initiating agency' },
  isInitiatorStaff: { zh: '发起机构的起草人或审核人', en: 'a drafter or reviewer of the initiating agency' },
  isCoordinator: { zh: '联合办公室的协调人', en: 'a coordinator of the joint office' },
  isReviewerOfEitherSide: { zh: '任一方的审核人', en: 'a reviewer of either side' },
  isSignatoryOfEitherSide: { zh: '任一方的签署人', en: 'a signatory of either side' },
  isAwaitedSignatory: {
    zh: '本轮仍待其签署的签署人（本方尚未签满；指定签署人时须为其中之一，且尚未签署）',
    en: 'a signatory the round still waits for (their side not yet signed in full; one of those named, if the quorum names any; not yet signed)',
  },
  mayAddSignatureOf: {
    zh: '参数 side 一方尚未签署的签署人（案件指定签署人时须为其中之一），对当前版本签署参数 action 所指事项（缺省为 SIGN）',
    en: 'a signatory of the side given by `side` who has not yet signed (one of those named, if the case names them), signing `action` (SIGN unless given) over the current version',
  },
  completesQuorumOf: {
    zh: '同 mayAddSignatureOf，且这一签名使该方达到法定签署人数',
    en: 'as mayAddSignatureOf, and this signature completes the side’s quorum',
  },
} as const satisfies Record<string, Label>;

const policyProposal: WorkflowLabels = {
  title: { zh: '联合政策提案', en: 'Joint policy proposal' },
  states: {
    drafting: { zh: '起草', en: 'Drafting' },
    internalReview: { zh: '内部审核', en: 'Internal review' },
    counterpartReview: { zh: '对方审核', en: 'Counterpart review' },
    revising: { zh: '修改', en: 'Revising' },
    signing: sign,
    ...signingRegions('signing', sign),
    escalated: { zh: '提请联合办公室协调', en: 'Escalated to the joint office' },
    adopted: { zh: '已通过', en: 'Adopted' },
    rejected: { zh: '已否决', en: 'Rejected' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  events: {
    EDIT: { zh: '修改文档', en: 'Edit the document' },
    SUBMIT_FOR_INTERNAL_REVIEW: { zh: '提交内部审核', en: 'Submit for internal review' },
    APPROVE_INTERNALLY: { zh: '内部审核通过', en: 'Approve internally' },
    RETURN_TO_DRAFTER: { zh: '退回起草人', en: 'Return to the drafter' },
    REQUEST_CHANGES: { zh: '要求修改', en: 'Request changes' },
    ACCEPT: { zh: '接受提案', en: 'Accept the proposal' },
    REJECT: { zh: '否决提案', en: 'Reject the proposal' },
    RESUBMIT: { zh: '重新提交', en: 'Resubmit' },
    SIGN: { zh: '签署', en: 'Sign' },
    DECLINE_TO_SIGN: { zh: '拒绝签署', en: 'Decline to sign' },
    ESCALATE: { zh: '提请联合办公室协调', en: 'Escalate to the joint office' },
    ARBITRATE: { zh: '联合办公室裁决', en: 'Arbitrate' },
    WITHDRAW: { zh: '撤回', en: 'Withdraw' },
  },
  guards: {
    ...commonGuards,
    isInitiatorReviewer: { zh: '发起机构的审核人', en: 'a reviewer of the initiating agency' },
    isCounterpartReviewer: { zh: '对方机构的审核人', en: 'a reviewer of the counterpart agency' },
    reviewDeadlinePassed: { zh: '对方审核期限已过（由系统发出）', en: 'the counterpart’s review deadline has passed (sent by the system)' },
    revisedSinceShared: { zh: '文档自上次交给对方后已修改', en: 'the document was revised since the counterpart last received it' },
    resolvedAsReturnToReview: { zh: '裁决结果为退回对方审核', en: 'the resolution is to return it to the counterpart’s review' },
    resolvedAsProceedToSigning: { zh: '裁决结果为进入签署', en: 'the resolution is to proceed to signing' },
    resolvedAsReject: { zh: '裁决结果为否决', en: 'the resolution is to reject it' },
  },
};

const memorandum = { zh: '签署备忘录', en: 'Signing the memorandum' };

const planAlignment: WorkflowLabels = {
  title: { zh: '规划对接', en: 'Plan alignment' },
  states: {
    collecting: { zh: '两地编制', en: 'Drafting the sections' },
    'collecting.initiatorSection': { zh: '发起方编制', en: 'Initiator’s section' },
    'collecting.initiatorSection.drafting': { zh: '发起方编制中', en: 'Initiator’s section: drafting' },
    'collecting.initiatorSection.submitted': { zh: '发起方已提交', en: 'Initiator’s section: submitted' },
    'collecting.counterpartSection': { zh: '对方编制', en: 'Counterpart’s section' },
    'collecting.counterpartSection.drafting': { zh: '对方编制中', en: 'Counterpart’s section: drafting' },
    'collecting.counterpartSection.submitted': { zh: '对方已提交', en: 'Counterpart’s section: submitted' },
    reconciling: { zh: '协商对接', en: 'Reconciling' },
    escalated: { zh: '联合办公室裁决', en: 'Escalated to the joint office' },
    signing: memorandum,
    ...signingRegions('signing', memorandum),
    aligned: { zh: '已对接', en: 'Aligned' },
    abandoned: { zh: '已放弃', en: 'Abandoned' },
  },
  events: {
    ADD_ITEM: { zh: '添加规划事项', en: 'Add a plan item' },
    REMOVE_ITEM: { zh: '删除规划事项', en: 'Remove a plan item' },
    SUBMIT_SECTION: { zh: '提交本方规划', en: 'Submit the section' },
    PROPOSE_RESOLUTION: { zh: '提出协调方案', en: 'Propose a resolution' },
    ACCEPT_RESOLUTION: { zh: '接受协调方案', en: 'Accept the resolution' },
    COUNTER_PROPOSE: { zh: '提出反方案', en: 'Counter-propose' },
    ESCALATE: { zh: '提请联合办公室裁决', en: 'Escalate to the joint office' },
    ARBITRATE: { zh: '联合办公室逐项裁决', en: 'Arbitrate an item' },
    SIGN: { zh: '签署备忘录', en: 'Sign the memorandum' },
    ABANDON: { zh: '放弃对接', en: 'Abandon the alignment' },
  },
  guards: {
    ...commonGuards,
    isDrafterOf: { zh: '参数 side 一方的起草人', en: 'a drafter of the side given by `side`' },
    topicFreeFor: { zh: '参数 side 一方在该议题上尚无事项', en: 'the side given by `side` has no item on the topic yet' },
    removesItemOf: { zh: '参数 side 一方的起草人删除本方的一项', en: 'a drafter of the side given by `side` removing one of that side’s items' },
    submitsSectionOf: {
      zh: '参数 side 一方的起草人或审核人，且本方至少已有一项',
      en: 'a drafter or reviewer of the side given by `side`, which has at least one item',
    },
    mayPropose: { zh: '任一方人员对尚无方案的分歧议题提出方案', en: 'staff of either side proposing on a divergent pair that has no proposal yet' },
    mayAnswer: { zh: '未提出当前方案一方的人员回应分歧议题的方案', en: 'staff of the side that did not make the pending proposal on a divergent pair' },
    isAccept: { zh: '回应为接受', en: 'the answer is an acceptance' },
    allAligned: { zh: '所有议题均已对接一致', en: 'every pair is aligned' },
    memorandumOffered: { zh: '服务器已随本事件提供备忘录（下一版本）', en: 'the server offered the memorandum (the next version) with this event' },
    reachesRoundLimit: { zh: '该议题的方案轮次达到上限', en: 'the pair reaches its limit of rounds' },
    negotiationDeadlinePassed: { zh: '协商期限已过（由系统发出）', en: 'the negotiation deadline has passed (sent by the system)' },
    pairEscalated: { zh: '该议题已提交裁决', en: 'the pair is escalated' },
    lastEscalated: { zh: '这是最后一个待裁决的议题', en: 'it is the last escalated pair' },
    otherSideAbandoned: { zh: '另一方审核人已请求放弃', en: 'the other side’s reviewer already asked to abandon' },
    asksToAbandon: { zh: '任一方审核人请求放弃，且本方尚未请求', en: 'a reviewer of either side asks to abandon, its side not having asked yet' },
  },
};

const approval = { zh: '签署立项', en: 'Approval' };
const termination = { zh: '签署终止', en: 'Termination' };
const acceptance = { zh: '签署验收', en: 'Acceptance' };

const jointProject: WorkflowLabels = {
  title: { zh: '联合项目', en: 'Joint project' },
  states: {
    proposed: { zh: '项目起草', en: 'Proposed' },
    feasibility: { zh: '可行性审核', en: 'Feasibility review' },
    approval,
    ...signingRegions('approval', approval),
    inProgress: { zh: '实施中', en: 'In progress' },
    rectification: { zh: '督查整改', en: 'Inspection and rectification' },
    suspended: { zh: '已暂停', en: 'Suspended' },
    terminating: termination,
    ...signingRegions('terminating', termination),
    acceptance,
    ...signingRegions('acceptance', acceptance),
    completed: { zh: '已完成', en: 'Completed' },
    terminated: { zh: '已终止', en: 'Terminated' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  events: {
    EDIT: { zh: '修改项目建议', en: 'Revise the proposal' },
    SUBMIT: { zh: '提交项目', en: 'Submit the project' },
    ENDORSE: { zh: '认可可行性', en: 'Endorse feasibility' },
    RAISE_CONCERN: { zh: '提出异议', en: 'Raise a concern' },
    WITHDRAW: { zh: '撤回', en: 'Withdraw' },
    SIGN: { zh: '签署立项', en: 'Sign the approval' },
    DECLINE_TO_SIGN: { zh: '拒绝签署', en: 'Decline to sign' },
    REPORT_MILESTONE: { zh: '报告里程碑完成', en: 'Report a milestone' },
    VERIFY_MILESTONE: { zh: '核验里程碑', en: 'Verify a milestone' },
    REJECT_MILESTONE: { zh: '退回里程碑报告', en: 'Reject a milestone report' },
    OPEN_INSPECTION: { zh: '发起专项督查', en: 'Open an inspection' },
    RECTIFY: { zh: '报告整改', en: 'Report the rectification' },
    REQUEST_FURTHER_RECTIFICATION: { zh: '要求继续整改', en: 'Request further rectification' },
    CLOSE_INSPECTION: { zh: '结束督查', en: 'Close the inspection' },
    SUSPEND: { zh: '暂停项目', en: 'Suspend the project' },
    RESUME: { zh: '恢复项目', en: 'Resume the project' },
    REQUEST_TERMINATION: { zh: '申请终止', en: 'Request termination' },
    SIGN_TERMINATION: { zh: '签署终止', en: 'Sign the termination' },
    DECLINE_TERMINATION: { zh: '拒绝终止', en: 'Decline termination' },
    SIGN_ACCEPTANCE: { zh: '签署验收', en: 'Sign the acceptance' },
    RECORD_OVERDUE: { zh: '记录逾期（系统）', en: 'Record an overdue duty (system)' },
  },
  guards: {
    ...commonGuards,
    carriesPlan: { zh: '修改附带至少有一个里程碑的项目计划', en: 'the revision carries a plan with at least one milestone' },
    mayEndorse: { zh: '本方尚未认可的审核人', en: 'a reviewer of a side that has not endorsed yet' },
    completesEndorsement: { zh: '另一方已认可，本方审核人首次认可', en: 'a reviewer endorsing for their side when the other side already has' },
    isReviewerOrSignatory: { zh: '任一方的审核人或签署人', en: 'a reviewer or signatory of either side' },
    mayRefuseTermination: { zh: '任一方的审核人，或本轮仍待其签署的签署人', en: 'a reviewer of either side, or a signatory the round still waits for' },
    mayReport: { zh: '里程碑所属一方的人员报告待完成的里程碑', en: 'staff of the milestone’s side reporting a pending milestone' },
    mayReview: { zh: '另一方审核人核验已报告的里程碑', en: 'a reviewer of the other side reviewing a reported milestone' },
    allVerified: { zh: '所有里程碑均已核验', en: 'every milestone is verified' },
    mayInspect: { zh: '联合办公室协调人或任一方审核人', en: 'a coordinator of the joint office or a reviewer of either side' },
    opensWithinLimit: {
      zh: `开启人（一方机构或联合办公室）进行中的督查少于 ${String(maxOpenInspectionsPerOpener)} 项`,
      en: `the opener (an agency of either side, or the joint office) has fewer than ${String(maxOpenInspectionsPerOpener)} inspections open`,
    },
    mayRectify: { zh: '被督查一方的人员对进行中的督查报告整改', en: 'staff of the inspected side reporting on the open inspection' },
    mayAnswerRectification: { zh: '督查发起方对已报告整改的督查作出答复', en: 'the inspection’s opener answering a reported rectification' },
    requestsSuspension: { zh: '任一方审核人请求暂停', en: 'a reviewer of either side asks to suspend' },
    confirmsSuspension: { zh: '另一方已请求暂停，本方审核人确认', en: 'a reviewer asks to suspend after the other side did' },
    requestsResumption: { zh: '任一方审核人请求恢复', en: 'a reviewer of either side asks to resume' },
    asksToSuspend: { zh: '任一方审核人请求暂停，且本方尚未请求', en: 'a reviewer of either side asks to suspend, its side not having asked yet' },
    asksToResume: { zh: '任一方审核人请求恢复，且本方尚未请求', en: 'a reviewer of either side asks to resume, its side not having asked yet' },
    inspectsOtherSide: { zh: '一方审核人督查对方，联合办公室可督查任一方', en: 'a city’s reviewer inspects the other city, the joint office either' },
    confirmsResumption: { zh: '另一方已请求恢复，本方审核人确认', en: 'a reviewer asks to resume after the other side did' },
    inspectionOpen: { zh: '有尚未结束的督查', en: 'an inspection is not yet closed' },
    closesLastInspection: { zh: '所关闭的督查是最后一项未结束的督查', en: 'the inspection closed is the last one not yet closed' },
    cameFrom: { zh: '申请终止前项目处于参数 from 所指的状态', en: 'the project was in the state given by `from` when termination was requested' },
    isOverdue: { zh: '系统所报的期限已到，且尚未记录逾期', en: 'the duty the system names has come due and was not yet recorded overdue' },
    isDutyOverdue: {
      zh: '系统所报的期限已到且尚未记录逾期；里程碑仅在到期未报送时记为负责方逾期',
      en: 'the duty the system names has come due and was not yet recorded overdue; a milestone counts against its owner only when not reported by then',
    },
  },
};

export const workflowLabels: Readonly<Record<string, WorkflowLabels>> = { policyProposal, planAlignment, jointProject };
