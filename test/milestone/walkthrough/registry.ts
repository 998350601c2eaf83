import path from 'node:path';
import { BUILT_IN_MILESTONES, notice, type MilestoneSpec } from '../../../src/domain/milestoneRegistry';
import { walkthroughView } from './walkthroughView';

/** The one registry entry of the throw-away milestone: 3 days before, to the approvers and by mail. */
export const WALKTHROUGH: MilestoneSpec = {
  name: 'walkthrough',
  offsetKey: 'walkthrough',
  notice: 'walkthrough',
  label: 'Walkthrough',
  verdict: (change, proc) =>
    change.status === 'planned' || change.status === 'approved'
      ? {
          send: [
            notice(WALKTHROUGH, { kind: 'approvers' }),
            notice(WALKTHROUGH, { kind: 'mail', to: proc.approvers.map((a) => a.email) }),
          ],
        }
      : { skip: `the change was ${change.status}` },
  card: { template: path.join(__dirname, 'walkthrough.json'), view: walkthroughView },
  mail: (change) => ({
    heading: `Walkthrough of ${change.id}`,
    paragraphs: [`Walk the approvers through "${change.title}" before the window.`],
  }),
};

/** The seed's milestones plus the walkthrough, in due order (3 days before falls between GO/NOGO and reminder). */
export const WITH_WALKTHROUGH: readonly MilestoneSpec[] = [
  ...BUILT_IN_MILESTONES.slice(0, 3),
  WALKTHROUGH,
  ...BUILT_IN_MILESTONES.slice(3),
];
