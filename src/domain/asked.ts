import type { Change, Effect, NoticeKind } from './change';
import { noticeSpec } from './milestoneRegistry';
import { serviceFacts } from './serviceFacts';
import type { ProcessDefinition } from './process';

/** Someone a notice asks to act, as the process file or Teams names them. */
export interface AskedPerson {
  name: string;
  aadObjectId: string;
}

/** The people `notice` asks to act on `change`, each once; empty for a notice that only informs. */
export function peopleAsked(notice: NoticeKind, change: Change, proc: ProcessDefinition): AskedPerson[] {
  // Only these are @mentioned: in a channel thread only a mention notifies, so the person who must act is
  // named in the post that asks. Announcements ask nobody.
  const asked = noticeSpec(notice, proc)?.asks?.who;
  if (!asked) return [];
  const people: AskedPerson[] = [];
  if (asked !== 'approvers') people.push(change.implementer);
  if (asked !== 'implementer') people.push(...serviceFacts(proc, change).approvers);
  const seen = new Set<string>();
  return people
    .filter((person) => !seen.has(person.aadObjectId) && seen.add(person.aadObjectId))
    .map(({ name, aadObjectId }) => ({ name, aadObjectId }));
}

/**
 * The effects plus, for each new post that asks someone to act, a personal notice to each person asked:
 * a mention in a busy channel is easy to miss, a 1:1 message is not. Mails and personal notices add none.
 */
/** The recipients that are a post in Teams: only those ask anyone to act. */
const POSTS = new Set<Effect['to']['kind']>(['thread', 'channel', 'approvers', 'implementer']);

export function withPersonalNotices(
  effects: readonly Effect[],
  change: Change,
  proc: ProcessDefinition,
): Effect[] {
  const all: Effect[] = [...effects];
  const done = new Set<string>();
  for (const effect of effects) {
    if (!POSTS.has(effect.to.kind) || done.has(effect.notice)) continue;
    done.add(effect.notice);
    for (const person of peopleAsked(effect.notice, change, proc)) {
      const email = emailOf(person.aadObjectId, change, proc);
      all.push({
        notice: effect.notice,
        to: {
          kind: 'personal',
          aadObjectId: person.aadObjectId,
          name: person.name,
          ...(email ? { email } : {}),
        },
        ...(effect.late ? { late: true } : {}),
      });
    }
  }
  return all;
}

function emailOf(aadObjectId: string, change: Change, proc: ProcessDefinition): string | undefined {
  if (change.implementer.aadObjectId === aadObjectId && change.implementer.email)
    return change.implementer.email;
  return serviceFacts(proc, change).approvers.find((approver) => approver.aadObjectId === aadObjectId)?.email;
}
