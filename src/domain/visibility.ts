import type { Actor, Change } from './change';
import type { ProcessDefinition } from './process';
import { isApprover, isImplementer } from './roles';
import { findService, serviceFacts } from './serviceFacts';

/*
 * Who may see a change and who may create one. A change holds what its people wrote for each other (the
 * description, the rollback plan, names): it is shown to its implementer, to the approvers of its service and
 * to the members of its service's team channel, where its thread lives anyway. Creating a change asks the
 * approvers to act and may announce a maintenance: only the members of the service's channel and its
 * approvers may. Channel membership is the roster's answer (src/bot/changeAccess.ts); this file says which
 * channels count.
 */

/** Why a person may read a change without asking the roster, or undefined: then channel membership decides. */
export function readerRole(
  person: Actor,
  change: Change,
  proc: ProcessDefinition,
): 'implementer' | 'approver' | undefined {
  if (isImplementer(person, change)) return 'implementer';
  if (isApprover(person, proc, change)) return 'approver';
  return undefined;
}

/** `channel:<id>` → `<id>`; any other conversation key (a chat) names no channel. */
export function channelOfKey(conversationKey: string | undefined): string | undefined {
  return conversationKey?.startsWith('channel:') ? conversationKey.slice('channel:'.length) : undefined;
}

/**
 * The team channels whose members may read the change: its service's channel as the process file names it,
 * and the channel its thread lives in (they differ when the file named the channel after the change was made).
 */
export function readingChannels(change: Change, proc: ProcessDefinition): string[] {
  const configured = serviceFacts(proc, change).channel?.channelId;
  const thread = channelOfKey(change.thread?.conversationKey);
  return [...new Set([configured, thread].filter((id): id is string => id !== undefined))];
}

/** Whether the person approves the named service (approvers may always create a change for it). */
export function approvesService(
  person: Actor,
  proc: ProcessDefinition,
  service: string | undefined,
): boolean {
  const ofService = (service ? findService(proc, service) : undefined) ?? proc.services[0];
  return (ofService?.approvers ?? proc.approvers).some((each) => each.aadObjectId === person.aadObjectId);
}

export const NOT_A_READER =
  'You can see a change when you are a member of its service’s team channel, its implementer or one of its ' +
  'approvers. Ask in the service’s channel, or ask one of its approvers to add you to the team.';

export const NOT_A_CREATOR =
  'Changes to a service are made by the members of its team channel and its approvers. Ask to be added to ' +
  'the team, or ask a member to create the change.';

export const MEMBERSHIP_UNKNOWN =
  'I could not check your membership of the service’s team just now. Try again in a minute.';
