import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { processFor } from '../domain/serviceFacts';
import { formatWindow } from '../cards/format';
import { fallbackFor, uniqueAddresses } from '../app/outbox';
import type { Language } from '../i18n/languages';
import { localWindow, t } from '../i18n/translate';
import { noticeContent, type MailContent } from './content';
import { localizedContent } from './localized';
import { invitation, type Person } from './ics';
import { renderHtml, renderText } from './render';

/** One e-mail, ready for a transport (Graph or the .eml outbox). */
export interface MailMessage {
  /** Stable per outbox entry: a retry sends (or writes) the same message, with the same Message-ID. */
  id: string;
  from: Person;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** When the notice was queued: the Date header and the invitation's DTSTAMP, the same on every retry. */
  date: Date;
  /** Extra headers (List-Unsubscribe…); a transport that cannot set them sends the message as MIME. */
  headers?: Record<string, string>;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
  /** The readers' language (the Content-Language header), when the process names public languages. */
  language?: Language;
}

/** A header value on one line: typed text must not start a header of its own. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

export function composeMail(
  change: Change,
  entry: OutboxEntry,
  proc: ProcessDefinition,
  from: Person,
): MailMessage {
  // The mail speaks of the change's own service: its approvers, snapshot, restore paths and time zone.
  const serviceProc = processFor(proc, change);
  const to = entry.effect.to.kind === 'mail' ? uniqueAddresses(entry.effect.to.to) : [];
  const date = new Date(entry.createdAt);
  const language = entry.effect.to.kind === 'mail' ? entry.effect.to.language : undefined;
  const late = entry.effect.late ? { late: true } : {};
  const translated = language
    ? localizedContent(entry.effect.notice, change, serviceProc, language, late)
    : undefined;
  const content: MailContent =
    translated ?? noticeContent(entry.effect.notice, change, serviceProc, { now: date, ...late });
  const standsIn = fallbackFor(change, entry);
  if (standsIn) {
    content.warnings.unshift(
      `${standsIn.effect.to.kind === 'personal' ? 'The bot could not send you this in Teams.' : 'The bot could not post this in the Teams channel.'} ${standsIn.lastError ?? ''}`.trim(),
    );
    content.label = `Not posted in Teams: ${content.label}`;
  }
  const windowText =
    translated && language
      ? localWindow(language, change.window, serviceProc.timeZone)
      : formatWindow(change.window, serviceProc.timeZone);
  const window = content.subjectWindow ? ` (${windowText})` : '';
  const subject = oneLine(
    (translated && language
      ? t(language, 'mail.subject', { id: change.id, label: content.label, title: change.title })
      : `${change.id} ${content.label}: ${change.title}`) + window,
  );
  const footer =
    translated && language
      ? t(language, 'mail.footer', { id: change.id })
      : `Sent by the change bot for ${change.id}. In the team channel, type "show ${change.id}" to see the change and its history.`;
  const calendarKind = entry.effect.to.kind === 'mail' ? entry.effect.to.calendar : undefined;
  const method = calendarKind === 'cancel' ? 'CANCEL' : calendarKind === 'request' ? 'REQUEST' : undefined;
  return {
    id: `${change.id}.${entry.key.replace(/[^A-Za-z0-9.+#-]/g, '_')}`,
    from,
    to,
    subject,
    text: renderText(content, footer),
    html: renderHtml(content, footer, subject),
    date,
    ...(translated && language ? { language } : {}),
    ...(method
      ? {
          calendar: {
            method,
            filename: method === 'CANCEL' ? `${change.id}-cancelled.ics` : `${change.id}.ics`,
            content: invitation(change, serviceProc, {
              method,
              stamp: entry.createdAt,
              organizer: from,
              attendees: to,
              ...(translated && language ? { language } : {}),
            }),
          },
        }
      : {}),
  };
}
