import { snapshotDone, snapshotStarted } from '../inWindow';
import type { BuiltInStep } from './builtIn';
import { pressed } from './press';
import { verb } from './step';

/** Before the start, the implementer takes the data snapshot the restore paths rely on. */
export const snapshotStep: BuiltInStep = {
  name: 'snapshot',
  milestone: {
    name: 'snapshot',
    due: ({ start }, proc) => start.minus(proc.snapshot.duration).minus(proc.snapshot.margin),
    label: 'Data snapshot',
    whenDue: (change) => {
      if (change.status === 'approved')
        return { send: [{ notice: 'snapshot', to: { kind: 'implementer' } }] };
      if (change.status === 'planned' && change.expedited) return { wait: 'waiting for GO' };
      return { skip: `the change was ${change.status}` };
    },
  },
  verbs: [
    verb({
      type: 'snapshot.started',
      role: 'implementer',
      historyText: 'Snapshot started',
      schema: pressed,
      event: () => ({ type: 'snapshot.started' }),
      handle: snapshotStarted,
    }),
    verb({
      type: 'snapshot.done',
      role: 'implementer',
      historyText: 'Snapshot done',
      schema: pressed,
      event: () => ({ type: 'snapshot.done' }),
      handle: snapshotDone,
    }),
  ],
  notices: [
    {
      kind: 'snapshot',
      card: 'snapshot',
      label: 'Take the data snapshot',
      asks: { who: 'implementer', action: 'confirm the snapshot before the window' },
      forMilestone: true,
    },
  ],
};
