import { LIMITS } from '../request';
import { cancel, reschedule } from '../replan';
import type { BuiltInStep } from './builtIn';
import { pressed, text, typed } from './press';
import { verb } from './step';

/** Before the start, an owner calls the change off or moves its window. */
export const replanStep: BuiltInStep = {
  name: 'replan',
  verbs: [
    verb({
      type: 'cancel',
      outdatesCards: true,
      role: 'owner',
      historyText: 'Cancelled',
      schema: pressed.extend({ reason: typed('The reason', LIMITS.reason).optional() }),
      event: ({ reason }) => {
        const trimmed = text(reason).trim();
        return { type: 'cancel', ...(trimmed ? { reason: trimmed } : {}) };
      },
      handle: cancel,
    }),
    verb({
      type: 'reschedule',
      outdatesCards: true,
      role: 'owner',
      historyText: 'Rescheduled',
      schema: pressed,
      // The new window is checked against the process (lead time, blackouts) before the event is made.
      event: () => undefined,
      handle: reschedule,
    }),
  ],
  notices: [
    { kind: 'cancellation', card: 'cancellation', label: 'Maintenance cancelled', webhook: 'cancelled' },
    { kind: 'rescheduled', card: 'summary', label: 'Maintenance rescheduled', webhook: 'moved' },
  ],
};
