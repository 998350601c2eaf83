import { extend } from '../inWindow';
import type { BuiltInStep } from './builtIn';
import { pressed, text, ticked, typed } from './press';
import { verb } from './step';
import { STORED } from './storedNames';

/** The checkpoint before the window's end: done, extend, or declare an incident. */
export const checkpointStep: BuiltInStep = {
  name: 'checkpoint',
  milestone: {
    name: STORED.checkpoint,
    due: ({ end }, proc) => end.minus(proc.decisionBeforeEnd),
    label: 'Decision point',
    afterStart: true,
    lateIfOverdue: false,
    whenDue: (change) =>
      change.status === 'running' || change.status === 'debugging'
        ? { send: [{ notice: STORED.checkpoint, to: { kind: 'implementer' } }] }
        : { skip: `the change was ${change.status}` },
  },
  verbs: [
    verb({
      type: 'extend',
      outdatesCards: true,
      role: 'implementer',
      historyText: 'Extended',
      schema: pressed.extend({ extraMinutes: typed('The extra delay', 12).optional() }),
      event: ({ extraMinutes }, data) => {
        const raw = text(extraMinutes).trim();
        return ticked(data, {
          type: 'extend' as const,
          extraMinutes: /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN,
        });
      },
      handle: extend,
    }),
  ],
  notices: [
    {
      kind: STORED.checkpoint,
      card: STORED.checkpoint,
      label: 'Decision point: solved, extend or incident',
      asks: { who: 'implementer', action: 'decide: solved, or roll back' },
      userViews: true,
      forMilestone: true,
    },
    {
      kind: 'extension',
      card: 'extension',
      label: 'Maintenance extended',
      webhook: 'extended',
      silence: 'extend',
    },
  ],
};
