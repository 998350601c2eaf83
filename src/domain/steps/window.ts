import { done, problem } from '../inWindow';
import { publicNotice } from '../recipients';
import { blocked, type BuiltInStep } from './builtIn';
import { pressed, ticked } from './press';
import { verb } from './step';

/** The window: it starts (announced, control card to the implementer), and ends when the tests pass. */
export const windowStep: BuiltInStep = {
  name: 'window',
  milestone: {
    name: 'start',
    due: ({ start }) => start,
    label: 'Start',
    afterStart: true,
    whenDue: (change, proc) => {
      if (change.status === 'approved') {
        return {
          status: 'running',
          send: [...publicNotice('start', change, proc), { notice: 'control', to: { kind: 'implementer' } }],
        };
      }
      if (change.status === 'planned') return blocked(change, proc);
      return { skip: `the change was ${change.status}` };
    },
  },
  verbs: [
    verb({
      type: 'done',
      role: 'implementer',
      historyText: 'Done, tests passed',
      schema: pressed,
      event: (_values, data) => ticked(data, { type: 'done' as const }),
      handle: done,
    }),
    verb({
      type: 'problem',
      role: 'implementer',
      historyText: 'Problem reported',
      schema: pressed,
      event: (_values, data) => ticked(data, { type: 'problem' as const }),
      handle: problem,
    }),
  ],
  notices: [
    {
      kind: 'start',
      card: 'start',
      label: 'Maintenance started',
      forMilestone: true,
      webhook: 'started',
      silence: 'create',
    },
    {
      kind: 'control',
      card: 'control',
      label: 'Maintenance in progress',
      asks: { who: 'implementer', action: 'report how the change went' },
      userViews: true,
      forMilestone: true,
    },
    { kind: 'end', card: 'end', label: 'Maintenance finished', webhook: 'completed', silence: 'expire' },
  ],
};
