import { expect } from 'vitest';
import { alignmentModel } from '../support/alignment-model.js';
import { describeInvariantWalks, sectionRules } from '../support/invariant-walk.js';
import { alignmentWalk } from '../support/walkers.js';

describeInvariantWalks(
  'plan alignments',
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
