import type { Actor, Change } from './change';
import type { ProcessDefinition } from './process';
import { serviceFacts } from './serviceFacts';
import { tablesOf } from './steps/lookup';
import type { Role } from './steps/step';

export type { Role };

/** Who may cause `type`: its verb's role in the process's steps; unknown events are nobody's to press. */
export function roleOf(type: string, proc: ProcessDefinition): Role | undefined {
  return tablesOf(proc.steps).roles.get(type);
}

/**
 * Whether `actor` approves `change`'s service: an approver of another service of the proc file has no
 * say on it. Without a change, the approvers of the proc as given (one service's).
 */
export function isApprover(actor: Actor, proc: ProcessDefinition, change?: Change): boolean {
  const approvers = change ? serviceFacts(proc, change).approvers : proc.approvers;
  return approvers.some((approver) => approver.aadObjectId === actor.aadObjectId);
}

export function isImplementer(actor: Actor, change: Change): boolean {
  return change.implementer.aadObjectId === actor.aadObjectId;
}

/** Undefined when allowed; otherwise the refusal text for the person who pressed. */
export function roleRefusal(
  type: string,
  by: Actor | 'system',
  change: Change,
  proc: ProcessDefinition,
): string | undefined {
  const role = roleOf(type, proc);
  if (!role) return `No step of this process has "${type}".`;
  if (by === 'system') return role === 'system' ? undefined : 'Only a person can do this.';
  const approverNames = serviceFacts(proc, change)
    .approvers.map((approver) => approver.name)
    .join(', ');
  switch (role) {
    case 'system':
      return 'Milestones are sent by the bot on schedule; nobody can trigger them by hand.';
    case 'approver':
      return isApprover(by, proc, change)
        ? undefined
        : `Only an approver (${approverNames}) can do this; ask them to press the button.`;
    case 'implementer':
      return isImplementer(by, change)
        ? undefined
        : `Only the implementer of ${change.id} (${change.implementer.name}) can do this.`;
    case 'owner':
      return isImplementer(by, change) || isApprover(by, proc, change)
        ? undefined
        : `Only the implementer (${change.implementer.name}) or an approver (${approverNames}) can do this.`;
  }
}
