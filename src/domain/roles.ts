import type { Actor, Change } from './change';
import type { EventType } from './events';
import type { ProcessDefinition } from './process';

export type Role = 'approver' | 'implementer' | 'owner' | 'system';

/** Who may cause each event. `owner` is the implementer or an approver. */
export const ROLE_OF: Record<EventType, Role> = {
  'prep.check': 'implementer',
  'precheck.done': 'approver',
  'precheck.corrections': 'approver',
  go: 'approver',
  nogo: 'approver',
  'snapshot.started': 'implementer',
  'snapshot.done': 'implementer',
  done: 'implementer',
  problem: 'implementer',
  extend: 'implementer',
  incident: 'implementer',
  restored: 'implementer',
  'restore.failed': 'implementer',
  cancel: 'owner',
  reschedule: 'owner',
  milestone: 'system',
};

export function isApprover(actor: Actor, proc: ProcessDefinition): boolean {
  return proc.approvers.some((approver) => approver.aadObjectId === actor.aadObjectId);
}

export function isImplementer(actor: Actor, change: Change): boolean {
  return change.implementer.aadObjectId === actor.aadObjectId;
}

/** Undefined when allowed; otherwise the refusal text for the person who pressed. */
export function roleRefusal(
  type: EventType,
  by: Actor | 'system',
  change: Change,
  proc: ProcessDefinition,
): string | undefined {
  const role = ROLE_OF[type];
  if (by === 'system') return role === 'system' ? undefined : 'Only a person can do this.';
  const approverNames = proc.approvers.map((approver) => approver.name).join(', ');
  switch (role) {
    case 'system':
      return 'Milestones are sent by the bot on schedule; nobody can trigger them by hand.';
    case 'approver':
      return isApprover(by, proc)
        ? undefined
        : `Only an approver (${approverNames}) can do this; ask them to press the button.`;
    case 'implementer':
      return isImplementer(by, change)
        ? undefined
        : `Only the implementer of ${change.id} (${change.implementer.name}) can do this.`;
    case 'owner':
      return isImplementer(by, change) || isApprover(by, proc)
        ? undefined
        : `Only the implementer (${change.implementer.name}) or an approver (${approverNames}) can do this.`;
  }
}
