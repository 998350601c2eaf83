import { publicNotice } from '../recipients';
import { blocked, type BuiltInStep } from './builtIn';

/** Days before: the audience is reminded, or, with no GO by then, the change is blocked. */
export const reminderStep: BuiltInStep = {
  name: 'reminder',
  milestone: {
    name: 'reminder',
    offsetKey: 'reminder',
    label: 'Reminder',
    whenDue: (change, proc) => {
      if (change.status === 'approved') return { send: publicNotice('reminder', change, proc) };
      if (change.status !== 'planned') return { skip: `the change was ${change.status}` };
      // An expedited change may be approved after the reminder was due: its reminder waits for the GO.
      return change.expedited ? { wait: 'waiting for GO' } : blocked(change, proc);
    },
  },
  verbs: [],
  notices: [
    { kind: 'reminder', card: 'reminder', label: 'Reminder: planned maintenance', forMilestone: true },
    // Its label names the process's own GO deadline: see noticeLabel (cards/views/summary.ts).
    {
      kind: 'blocked',
      card: 'blocked',
      label: 'Blocked: no GO in time',
      asks: { who: 'both', action: 'the change is blocked and needs you' },
      forMilestone: true,
    },
  ],
};
