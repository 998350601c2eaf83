import { go, nogo } from '../beforeWindow';
import { LIMITS } from '../request';
import type { BuiltInStep } from './builtIn';
import { pressed, text, typed } from './press';
import { verb } from './step';
import { STORED } from './storedNames';

/** The approval: an approver gives GO (the change is announced) or NOGO (with a reason). */
export const approvalStep: BuiltInStep = {
  name: 'approval',
  milestone: {
    name: STORED.approvalMilestone,
    offsetKey: STORED.approvalMilestone,
    label: 'GO / NOGO',
    whenDue: (change) => {
      if (change.status !== 'planned')
        return { skip: change.decision ? 'GO/NOGO was already decided' : `the change was ${change.status}` };
      return { send: [{ notice: STORED.approvalNeeded, to: { kind: 'approvers' } }] };
    },
  },
  verbs: [
    verb({
      type: 'go',
      outdatesCards: true,
      role: 'approver',
      historyText: 'GO',
      schema: pressed,
      event: () => ({ type: 'go' }),
      handle: go,
    }),
    verb({
      type: 'nogo',
      outdatesCards: true,
      role: 'approver',
      historyText: 'NOGO',
      schema: pressed.extend({ reason: typed('The reason', LIMITS.reason).optional() }),
      event: ({ reason }) => ({ type: 'nogo', reason: text(reason) }),
      handle: nogo,
    }),
  ],
  notices: [
    {
      kind: STORED.approvalNeeded,
      card: STORED.approvalNeededCard,
      label: 'GO / NOGO needed',
      asks: { who: 'approvers', action: 'decide GO or NOGO' },
      userViews: true,
      forMilestone: true,
    },
    { kind: STORED.approvalRecorded, card: STORED.approvalRecordedCard, label: 'GO / NOGO recorded' },
    { kind: 'nogo', card: STORED.approvalRecordedCard, label: 'NOGO' },
    { kind: 'announcement', card: 'announcement', label: 'Planned maintenance', webhook: 'announced' },
  ],
};
