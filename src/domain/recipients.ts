import type { Change, Effect, NoticeKind } from './change';
import type { ProcessDefinition } from './process';

function unique(addresses: (string | undefined)[]): string[] {
  return [...new Set(addresses.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];
}

/** Everyone a public notice is mailed to: approvers, the process audience, the form's extra addresses. */
export function audienceEmails(change: Change, proc: ProcessDefinition): string[] {
  return unique([
    ...proc.approvers.map((approver) => approver.email),
    ...proc.audience.emails,
    ...change.audienceEmails,
    change.implementer.email,
  ]);
}

/** The people who run the change: the implementer and the approvers. */
export function ownerEmails(change: Change, proc: ProcessDefinition): string[] {
  return unique([change.implementer.email, ...proc.approvers.map((approver) => approver.email)]);
}

/** A notice for the whole channel and the affected people: a new channel post and a mail. */
export function publicNotice(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  calendar?: 'request' | 'cancel',
): Effect[] {
  const to = audienceEmails(change, proc);
  return [
    { notice, to: { kind: 'channel' } },
    ...(to.length > 0
      ? [{ notice, to: { kind: 'mail' as const, to, ...(calendar ? { calendar } : {}) } }]
      : []),
  ];
}
