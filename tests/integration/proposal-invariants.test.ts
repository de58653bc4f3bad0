import { proposalModel } from '../support/proposal-model.js';
import { describeInvariantWalks, initiatorRules } from '../support/invariant-walk.js';
import { proposalWalk } from '../support/walkers.js';

describeInvariantWalks(
  'policy proposals',
  {
    name: 'policyProposal',
    model: proposalModel,
    open: proposalWalk,
    rules: () => initiatorRules(['drafting', 'internalReview', 'revising'], 'APPROVE_INTERNALLY'),
    steps: 16,
    rarity: { WITHDRAW: 40, REJECT: 20, RETURN_TO_DRAFTER: 2, REQUEST_CHANGES: 2, DECLINE_TO_SIGN: 3 },
  },
  3,
);
