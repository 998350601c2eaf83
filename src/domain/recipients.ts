import type { Change, Effect, NoticeKind } from './change';
import type { ProcessDefinition } from './process';
import { serviceFacts } from './serviceFacts';
import { tablesOf } from './steps/lookup';

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
    ...machineNotices(notice, change, proc),
  ];
}

/**
 * The webhooks and the Alertmanager silence a public notice sets off, as its step names them (`webhook`,
 * `silence` on the notice): each endpoint that takes the event for the change's service, once.
 */
function machineNotices(notice: NoticeKind, change: Change, proc: ProcessDefinition): Effect[] {
  const spec = tablesOf(proc.steps).notices.get(notice);
  const effects: Effect[] = [];
  const event = spec?.webhook;
  const service = change.service.toLowerCase();
  for (const hook of event ? (proc.webhooks ?? []) : []) {
    if (hook.events && !hook.events.includes(event!)) continue;
    if (hook.services && !hook.services.some((name) => name.toLowerCase() === service)) continue;
    effects.push({ notice, to: { kind: 'webhook', url: hook.url, event: event! } });
  }
  if (spec?.silence && serviceFacts(proc, change).alertmanager) {
    effects.push({ notice, to: { kind: 'silence', action: spec.silence } });
  }
  return effects;
}
