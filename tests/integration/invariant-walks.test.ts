import { describe, expect, it } from 'vitest';
import { alignmentModel } from '../support/alignment-model.js';
import { useTestBed } from '../support/bed.js';
import { initiatorRules, sectionRules, walkAtRandom } from '../support/invariant-walk.js';
import { projectModel } from '../support/project-model.js';
import { proposalModel } from '../support/proposal-model.js';
import { alignmentWalk, projectWalk, proposalWalk } from '../support/walkers.js';

/**
 * No timeout on the whole walk: its length is its number of steps (rounds of a fixed size, at most five), however
 * fast the machine, and a hung request fails it by itself (`requestHangGuardMs`).
 */
const noTimeout = 0;

describe('random walks of every workflow keep what users rely on after every step', () => {
  const bed = useTestBed('invariants');

  it.concurrent(
    'policy proposals',
    async () => {
      await walkAtRandom(
        bed,
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
    },
    noTimeout,
  );

  it.concurrent(
    'plan alignments',
    async () => {
      await walkAtRandom(
        bed,
        {
          name: 'planAlignment',
          model: alignmentModel,
          open: alignmentWalk,
          rules: sectionRules,
          steps: 14,
          rarity: { ABANDON: 40, REMOVE_ITEM: 5 },
          // The memorandum both cities sign names every item and every resolution.
          signedCovers: (view) => {
            if (!['signing', 'aligned'].includes(view.state)) return;
            for (const text of [...view.items!.map((item) => item.target), ...view.pairs!.flatMap((pair) => pair.resolution ?? [])])
              expect(view.currentVersion.content.body).toContain(text);
          },
        },
        3,
      );
    },
    noTimeout,
  );

  it.concurrent(
    'joint projects',
    async () => {
      await walkAtRandom(
        bed,
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
    },
    noTimeout,
  );
});
