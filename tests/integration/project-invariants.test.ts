import { projectModel } from '../support/project-model.js';
import { describeInvariantWalks, initiatorRules } from '../support/invariant-walk.js';
import { projectWalk } from '../support/walkers.js';

describeInvariantWalks(
  'joint projects',
  {
    name: 'jointProject',
    model: projectModel,
    open: projectWalk,
    rules: () => initiatorRules(['proposed'], 'SUBMIT'),
    steps: 30,
    rarity: { WITHDRAW: 40, REQUEST_TERMINATION: 10, RAISE_CONCERN: 4, DECLINE_TO_SIGN: 4 },
  },
  3,
);
