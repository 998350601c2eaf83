import type { Language } from '../i18n/languages';
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

/**
 * The addresses by the language their reader reads, in the order of the public languages; an address with
 * no language of its own reads the default (the first). Undefined when the process names no languages.
 */
export function byLanguage(
  addresses: readonly string[],
  change: Change,
  proc: ProcessDefinition,
): { language: Language; to: string[] }[] | undefined {
  const offered = proc.languages;
  if (!offered || offered.length === 0) return undefined;
  const own = serviceFacts(proc, change).audience.languages ?? {};
  return offered
    .map((language, index) => ({
      language,
      to: addresses.filter((address) => {
        const asked = own[address.toLowerCase()];
        return asked === language || (index === 0 && (!asked || !offered.includes(asked)));
      }),
    }))
    .filter((group) => group.to.length > 0);
}

/** A notice for the whole channel and the affected people: a new channel post and a mail per language. */
export function publicNotice(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  calendar?: 'request' | 'cancel',
): Effect[] {
  const to = audienceEmails(change, proc);
  const groups = byLanguage(to, change, proc) ?? (to.length > 0 ? [{ to }] : []);
  return [
    { notice, to: { kind: 'channel' } },
    ...groups.map((group) => ({
      notice,
      to: { kind: 'mail' as const, ...group, ...(calendar ? { calendar } : {}) },
    })),
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
