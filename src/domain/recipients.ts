import type { Language } from '../i18n/languages';
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
  ];
}
