import { LIMITS } from '../request';
import { sendReview } from '../review';
import type { BuiltInStep } from './builtIn';
import { pressed, text, typed } from './press';
import { verb } from './step';

/** After trouble, the implementer answers three short questions (review.ts). */
export const reviewStep: BuiltInStep = {
  name: 'review',
  verbs: [
    verb({
      type: 'review',
      role: 'implementer',
      historyText: 'review',
      schema: pressed.extend({
        whatHappened: typed('What happened', LIMITS.reason).optional(),
        whatHelped: typed('What helped', LIMITS.reason).optional(),
        oneChange: typed('One thing to change', LIMITS.reason).optional(),
      }),
      event: (values) => ({
        type: 'review',
        whatHappened: text(values.whatHappened),
        whatHelped: text(values.whatHelped),
        oneChange: text(values.oneChange),
      }),
      handle: sendReview,
    }),
  ],
  notices: [
    {
      kind: 'review',
      card: 'review',
      label: 'Review after trouble',
      asks: { who: 'implementer', action: 'write a short review (three lines) of what happened' },
      userViews: true,
    },
  ],
};
