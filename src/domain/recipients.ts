import type { Change, Effect, NoticeKind } from './change';
import type { ProcessDefinition } from './process';
import { serviceFacts } from './serviceFacts';

function unique(addresses: (string | undefined)[]): string[] {
  return [...new Set(addresses.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];
}

/** Everyone a public notice is mailed to: the service's approvers and audience, the form's extra addresses. */
export function audienceEmails(change: Change, proc: ProcessDefinition): string[] {
  const service = serviceFacts(proc, change);
  return unique([
    ...service.approvers.map((approver) => approver.email),
    ...service.audience.emails,
    ...change.audienceEmails,
    change.implementer.email,
  ]);
}

/** The people who run the change: the implementer and the approvers of its service. */
export function ownerEmails(change: Change, proc: ProcessDefinition): string[] {
  const { approvers } = serviceFacts(proc, change);
  return unique([change.implementer.email, ...approvers.map((approver) => approver.email)]);
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
