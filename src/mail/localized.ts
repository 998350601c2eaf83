import type { Change, NoticeKind } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { publicTextIn } from '../domain/publicText';
import { shortestRestore, serviceFacts } from '../domain/serviceFacts';
import type { MessageKey } from '../i18n/catalogues';
import type { Language } from '../i18n/languages';
import { alternatives, duration, localDateTime, localWhen, localWindow, t } from '../i18n/translate';
import { actorText } from '../cards/views/common';
import type { MailContent } from './content';

/*
 * The audience's mails in the reader's language, every sentence from the catalogues (src/i18n): used when
 * the process file names its public languages. A file that names none keeps content.ts's English mails.
 */

type Words = Pick<MailContent, 'heading' | 'paragraphs'> & Partial<MailContent>;
type Builder = (change: Change, proc: ProcessDefinition, language: Language) => Words;

const at = (language: Language, instant: string, proc: ProcessDefinition) =>
  localDateTime(language, instant, proc.timeZone);

function facts(change: Change, proc: ProcessDefinition, language: Language): [string, string][] {
  const w = (key: MessageKey) => t(language, key);
  return [
    [w('mail.fact.change'), `${change.id}: ${publicTextOf(change, proc, language).title}`],
    [w('mail.fact.service'), change.service],
    [w('mail.fact.window'), localWindow(language, change.window, proc.timeZone)],
    [w('mail.fact.downtime'), duration(language, change.downtimeMinutes)],
    [w('mail.fact.description'), change.description],
    [w('mail.fact.contact'), contact(change, proc, language)],
  ];
}

/** The public title (else the default language's, else the technical one) and summary for `language`. */
export function publicTextOf(change: Change, proc: ProcessDefinition, language: Language) {
  return publicTextIn(change.publicText, change.title, language, proc.languages?.[0]);
}

function contact(change: Change, proc: ProcessDefinition, language: Language): string {
  return alternatives(language, [actorText(change.implementer), ...proc.approvers.map(actorText)]);
}

const BUILDERS: Partial<Record<NoticeKind, Builder>> = {
  announcement: (change, proc, l) => ({
    heading: t(l, 'mail.announcement.heading', { service: change.service }),
    paragraphs: [
      t(l, 'mail.announcement.when', { service: change.service, window: when(change, proc, l) }),
      t(l, 'mail.announcement.downtime', { downtime: duration(l, change.downtimeMinutes) }),
    ],
    subjectWindow: true,
  }),
  reminder: (change, proc, l) => ({
    heading: t(l, 'mail.reminder.heading', { service: change.service }),
    paragraphs: [t(l, 'mail.reminder.when', { service: change.service, window: when(change, proc, l) })],
    subjectWindow: true,
  }),
  start: (change, proc, l) => ({
    heading: t(l, 'mail.start.heading', { service: change.service }),
    paragraphs: [
      t(l, 'mail.start.when', {
        window: window(change, proc, l),
        downtime: duration(l, change.downtimeMinutes),
      }),
    ],
  }),
  end: (change, proc, l) => ({
    heading: t(l, 'mail.end.heading', { service: change.service }),
    paragraphs: [t(l, 'mail.end.when', { time: at(l, change.updatedAt, proc) })],
  }),
  extension: (change, proc, l) => {
    const last = change.extensions.at(-1);
    return {
      heading: t(l, 'mail.extension.heading', { service: change.service }),
      paragraphs: last
        ? [
            t(l, 'mail.extension.when', {
              newEnd: at(l, last.newEnd, proc),
              previousEnd: at(l, last.previousEnd, proc),
              extra: duration(l, last.extraMinutes),
            }),
          ]
        : [],
    };
  },
  incident: (change, proc, l) => {
    const fastest = shortestRestore(serviceFacts(proc, change));
    return {
      heading: t(l, 'mail.incident.heading', { service: change.service }),
      paragraphs: [
        t(l, 'mail.incident.what', { time: at(l, change.incident?.declaredAt ?? change.updatedAt, proc) }),
        fastest
          ? t(l, 'mail.incident.restore', {
              service: change.service,
              duration: duration(l, fastest.duration.as('minutes')),
            })
          : t(l, 'mail.incident.restoreUnknown', { service: change.service }),
      ],
      links: [{ label: t(l, 'mail.incident.process'), url: proc.links.incidentProcess }],
    };
  },
  restored: (change, proc, l) => ({
    heading: t(l, 'mail.restored.heading', { service: change.service }),
    paragraphs: [
      t(l, 'mail.restored.when', {
        service: change.service,
        time: at(l, change.incident?.outcomeAt ?? change.updatedAt, proc),
      }),
    ],
  }),
  cancellation: (change, proc, l) => ({
    heading: t(l, 'mail.cancellation.heading', { service: change.service }),
    paragraphs: [
      t(l, 'mail.cancellation.when', { window: when(change, proc, l) }),
      ...(change.cancelReason ? [t(l, 'mail.cancellation.reason', { reason: change.cancelReason })] : []),
      t(l, 'mail.cancellation.calendar'),
    ],
    facts: facts(change, proc, l).filter((_, index) => index !== 2 && index !== 3 && index !== 4),
    subjectWindow: true,
  }),
  rescheduled: (change, proc, l) => ({
    heading: t(l, 'mail.rescheduled.heading', { service: change.service }),
    paragraphs: [
      t(l, 'mail.rescheduled.when', { window: window(change, proc, l) }),
      t(l, 'mail.rescheduled.calendar'),
    ],
    subjectWindow: true,
  }),
};

/** The window inside a sentence ("le mercredi … de 18:00 à 20:00"); `localWindow` is the fact's form. */
function when(change: Change, proc: ProcessDefinition, language: Language): string {
  return localWhen(language, change.window, proc.timeZone);
}

function window(change: Change, proc: ProcessDefinition, language: Language): string {
  return localWindow(language, change.window, proc.timeZone);
}

const LABELS: Partial<Record<NoticeKind, MessageKey>> = {
  announcement: 'mail.label.announcement',
  reminder: 'mail.label.reminder',
  start: 'mail.label.start',
  end: 'mail.label.end',
  extension: 'mail.label.extension',
  incident: 'mail.label.incident',
  restored: 'mail.label.restored',
  cancellation: 'mail.label.cancellation',
  rescheduled: 'mail.label.rescheduled',
};

/** The public notice in `language`; undefined for a notice that is not the audience's (English stays). */
export function localizedContent(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  language: Language,
  options: { late?: boolean } = {},
): MailContent | undefined {
  const build = BUILDERS[notice];
  const label = LABELS[notice];
  if (!build || !label) return undefined;
  const built = build(change, proc, language);
  // The implementer's own words for the readers come first, before the bot's fixed sentences.
  const summary = publicTextOf(change, proc, language).summary;
  if (summary) built.paragraphs = [summary, ...built.paragraphs];
  return {
    label: t(language, label),
    warnings: options.late ? [t(language, 'mail.late')] : [],
    facts: facts(change, proc, language),
    links: [],
    subjectWindow: false,
    colon: t(language, 'colon'),
    ...built,
  };
}
