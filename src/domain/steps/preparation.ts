import { z } from 'zod';
import { prepCheck } from '../beforeWindow';
import { LIMITS } from '../request';
import { skipUnless, type BuiltInStep } from './builtIn';
import { pressed, text, toggle } from './press';
import { verb } from './step';

/** Weeks before: the implementer ticks the preparation checklist. */
export const preparationStep: BuiltInStep = {
  name: 'preparation',
  milestone: {
    name: 'preparation',
    offsetKey: 'preparation',
    label: 'Preparation',
    whenDue: (change) =>
      skipUnless(change, 'planned') ?? { send: [{ notice: 'preparation', to: { kind: 'implementer' } }] },
  },
  verbs: [
    verb({
      type: 'prep.check',
      role: 'implementer',
      historyText: 'Checklist',
      schema: pressed.extend({
        item: z
          .string({ error: 'That checklist item is not on this change.' })
          .max(LIMITS.test, 'That checklist item is not on this change.'),
        checked: toggle.optional(),
      }),
      event: ({ item, checked }) => ({
        type: 'prep.check',
        item: text(item),
        ...(checked === undefined ? {} : { checked }),
      }),
      handle: prepCheck,
    }),
  ],
  notices: [
    {
      kind: 'preparation',
      card: 'preparation',
      label: 'Prepare the change',
      asks: { who: 'implementer', action: 'confirm the preparation' },
      forMilestone: true,
    },
  ],
};
