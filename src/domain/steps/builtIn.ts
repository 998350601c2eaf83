import type { Change, ChangeStatus, MilestoneName, NoticeKind } from '../change';
import type { MilestoneSpec, DueAction } from '../milestoneSpec';
import type { ProcessDefinition } from '../process';
import { ownerEmails, publicNotice } from '../recipients';
import type { NoticeSpec, Step } from './step';

/** A step of the seed process (the built-in ones; a process may add its own, see docs/process-file.md). */
export type BuiltInStep = Step<ProcessDefinition> & {
  // The compiler holds a built-in step to the stored names (the unions in change.ts and notice.ts).
  milestone?: MilestoneSpec<ProcessDefinition> & { name: MilestoneName };
  notices: readonly (NoticeSpec<ProcessDefinition> & { kind: NoticeKind })[];
};

export const skipUnless = (change: Change, status: ChangeStatus): { skip: string } | undefined =>
  change.status === status ? undefined : { skip: `the change was ${change.status}` };

/** No GO by the reminder, or still none at the start: the change stops and its owners hear why. */
export function blocked(change: Change, proc: ProcessDefinition): DueAction {
  const to = ownerEmails(change, proc);
  return {
    status: 'blocked',
    send: [
      { notice: 'blocked', to: { kind: 'implementer' } },
      ...(to.length > 0 ? [{ notice: 'blocked' as const, to: { kind: 'mail' as const, to } }] : []),
      // Announced before a reschedule: the audience holds the window in its calendar and must hear it is off.
      ...(change.announced ? publicNotice('cancellation', change, proc, 'cancel') : []),
    ],
  };
}
