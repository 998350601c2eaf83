import path from 'node:path';
import { notice } from '../../../src/domain/milestoneRegistry';
import type { ProcessDefinition } from '../../../src/domain/process';
import { BUILT_IN_STEPS } from '../../../src/domain/steps';
import type { Step } from '../../../src/domain/steps/step';
import { walkthroughView } from './walkthroughView';

/** The throw-away step: a milestone 3 days before, its card to the approvers, and a mail to them. */
export const WALKTHROUGH: Step<ProcessDefinition> = {
  name: 'walkthrough',
  milestone: {
    name: 'walkthrough',
    offsetKey: 'walkthrough',
    label: 'Walkthrough',
    whenDue: (change, proc) =>
      change.status === 'planned' || change.status === 'approved'
        ? {
            send: [
              notice('walkthrough', { kind: 'approvers' }),
              notice('walkthrough', { kind: 'mail', to: proc.approvers.map((a) => a.email) }),
            ],
          }
        : { skip: `the change was ${change.status}` },
  },
  verbs: [],
  notices: [
    {
      kind: 'walkthrough',
      label: 'Walkthrough',
      card: { template: path.join(__dirname, 'walkthrough.json'), view: walkthroughView },
      forMilestone: true,
      mail: (change) => ({
        heading: `Walkthrough of ${change.id}`,
        paragraphs: [`Walk the approvers through "${change.title}" before the window.`],
      }),
    },
  ],
};

/** The seed's steps plus the walkthrough, in due order (3 days before falls between GO/NOGO and reminder). */
export const WITH_WALKTHROUGH: readonly Step<ProcessDefinition>[] = [
  ...BUILT_IN_STEPS.slice(0, 4),
  WALKTHROUGH,
  ...BUILT_IN_STEPS.slice(4),
];
