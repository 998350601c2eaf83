import { precheckCorrections, precheckDone } from '../beforeWindow';
import { LIMITS } from '../request';
import { skipUnless, type BuiltInStep } from './builtIn';
import { pressed, text, typed } from './press';
import { verb } from './step';

/** The approvers check the plan before they are asked for GO/NOGO, or send it back for corrections. */
export const precheckStep: BuiltInStep = {
  name: 'precheck',
  milestone: {
    name: 'precheck',
    offsetKey: 'precheck',
    label: 'Pre-check',
    whenDue: (change) => {
      const skip = skipUnless(change, 'planned');
      if (skip) return skip;
      if (change.precheck.state === 'done') return { skip: 'the pre-check was already done' };
      return { send: [{ notice: 'precheck', to: { kind: 'approvers' } }] };
    },
  },
  verbs: [
    verb({
      type: 'precheck.done',
      role: 'approver',
      historyText: 'Pre-check done',
      schema: pressed,
      event: () => ({ type: 'precheck.done' }),
      handle: precheckDone,
    }),
    verb({
      type: 'precheck.corrections',
      outdatesCards: true,
      role: 'approver',
      historyText: 'Corrections requested',
      schema: pressed.extend({ comment: typed('The comment', LIMITS.reason).optional() }),
      event: ({ comment }) => ({ type: 'precheck.corrections', comment: text(comment) }),
      handle: precheckCorrections,
    }),
  ],
  notices: [
    {
      kind: 'precheck',
      card: 'precheck',
      label: 'Pre-check',
      asks: { who: 'approvers', action: 'record the pre-check' },
      userViews: true,
      forMilestone: true,
    },
    { kind: 'precheckRecorded', card: 'precheck', label: 'Pre-check recorded' },
  ],
};
