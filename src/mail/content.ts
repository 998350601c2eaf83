import type { Change, MilestoneName, NoticeKind } from '../domain/change';
import { noticeSpec } from '../domain/milestoneRegistry';
import type { ProcessDefinition } from '../domain/process';
import { formatWindow } from '../cards/format';
import { announcementView, cancellationView, reminderView } from '../cards/views/announcements';
import { blockedView } from '../cards/views/approval';
import { changeFacts, changeHeader, type CardOptions } from '../cards/views/common';
import { approvalText } from '../cards/views/states';
import { noticeLabel } from '../cards/views/summary';
import {
  endView,
  extensionView,
  handoffView,
  incidentView,
  restoredView,
  startView,
} from '../cards/views/window';

/**
 * What a notice says by e-mail, from the same data as its card (the card views and format.ts): plain text
 * here; render.ts turns it into the text and the HTML body and escapes it there.
 */
export interface MailContent {
  /** Short name of the notice; the subject is "<change id> <label>: <title>". */
  label: string;
  heading: string;
  /** Shown first, highlighted: sent late, or not posted in Teams. */
  warnings: string[];
  paragraphs: string[];
  facts: [string, string][];
  list?: { title: string; items: string[] };
  links: { label: string; url: string }[];
  /** Added to the subject after the title (the window, for notices people plan around). */
  subjectWindow: boolean;
  /** Between a fact's label and its value: ":" unless the language writes it otherwise (French "\u00a0:"). */
  colon?: string;
}

type Builder = (change: Change, proc: ProcessDefinition, opts: CardOptions) => Partial<MailContent>;

function windowFacts(change: Change, proc: ProcessDefinition): [string, string][] {
  const facts = changeFacts(change, proc);
  return [
    ['Change', `${change.id}: ${change.title}`],
    ['Service', change.service],
    ['Window', facts.windowText],
    ['Downtime', facts.downtimeText],
    ['What will be modified', facts.description],
    ['Contact', facts.contactText],
  ];
}

const BUILDERS: Partial<Record<NoticeKind, Builder>> = {
  announcement: (change, proc, opts) => {
    const view = announcementView(change, proc, opts);
    return {
      heading: `Planned maintenance of ${change.service}`,
      paragraphs: [
        `${change.service} will be under maintenance ${view.windowText}.`,
        `Expected downtime: ${view.downtimeText}. The invitation attached puts the window in your calendar.`,
      ],
      facts: [...windowFacts(change, proc), ['Approved', approvalText(change, proc)]],
      subjectWindow: true,
    };
  },
  reminder: (change, proc, opts) => {
    const view = reminderView(change, proc, opts);
    return {
      heading: `Reminder: maintenance of ${change.service}`,
      paragraphs: [`As announced, ${change.service} will be under maintenance ${view.windowText}.`],
      facts: windowFacts(change, proc),
      subjectWindow: true,
    };
  },
  start: (change, proc, opts) => {
    const view = startView(change, proc, opts);
    return {
      heading: `Maintenance of ${change.service} has started`,
      paragraphs: [
        `The maintenance window is open now: ${view.windowText}. Expected downtime: ${view.downtimeText}.`,
      ],
      facts: windowFacts(change, proc),
    };
  },
  end: (change, proc, opts) => {
    const view = endView(change, proc, opts);
    const passed = view.results.filter((result) => result.passed).length;
    return {
      heading: `Maintenance of ${change.service} is finished`,
      paragraphs: [
        view.endedText,
        `${passed} of ${view.results.length} validation tests confirmed as passed.`,
      ],
      facts: windowFacts(change, proc),
      list: {
        title: 'Validation tests',
        items: view.results.map((result) => `${result.label}: ${result.resultText}`),
      },
    };
  },
  extension: (change, proc, opts) => {
    const view = extensionView(change, proc, opts);
    return {
      heading: `Maintenance of ${change.service} extended`,
      paragraphs: [
        `The window now ends ${view.newEndText} instead of ${view.previousEndText} (${view.extraText} more).`,
      ],
      facts: [...windowFacts(change, proc), ['Extended by', view.byText]],
    };
  },
  incident: (change, proc, opts) => {
    const view = incidentView(change, proc, opts);
    return {
      heading: `Incident during the maintenance of ${change.service}`,
      paragraphs: [
        `The change did not go as planned. ${view.declaredText}`,
        `${change.service} is being restored to its state before the change; a restore takes about ${view.restoreDurationText}.`,
      ],
      facts: windowFacts(change, proc),
      links: [{ label: 'Incident process', url: view.incidentProcessUrl }],
    };
  },
  restored: (change, proc, opts) => ({
    heading: `${change.service} restored`,
    paragraphs: [restoredView(change, proc, opts).restoredText],
    facts: windowFacts(change, proc),
  }),
  handoff: (change, proc, opts) => {
    const view = handoffView(change, proc, opts);
    return {
      heading: `Restore of ${change.service} failed`,
      paragraphs: [view.failedText],
      facts: windowFacts(change, proc),
      links: [{ label: 'Incident process', url: view.incidentProcessUrl }],
    };
  },
  cancellation: (change, proc, opts) => {
    const view = cancellationView(change, proc, opts);
    return {
      heading: `Maintenance of ${change.service} cancelled`,
      paragraphs: [
        `The maintenance planned ${view.windowText} will not take place${view.byText ? ` (cancelled by ${view.byText})` : ''}.`,
        ...(view.reasonText ? [`Reason: ${view.reasonText}`] : []),
        ...(view.wasAnnounced ? ['The calendar invitation attached removes it from your calendar.'] : []),
      ],
      facts: [
        ['Change', `${change.id}: ${change.title}`],
        ['Service', change.service],
        ['What was planned', change.description],
        ['Contact', view.contactText],
      ],
      subjectWindow: true,
    };
  },
  rescheduled: (change, proc) => ({
    heading: `Maintenance of ${change.service} moved`,
    paragraphs: [
      `The maintenance announced earlier moves to ${formatWindow(change.window, proc.timeZone)}. ` +
        'It needs a new GO; you will get the announcement again once it is confirmed.',
      'The calendar invitation attached moves it in your calendar.',
    ],
    facts: windowFacts(change, proc),
    subjectWindow: true,
  }),
  blocked: (change, proc, opts) => ({
    heading: `${change.id} is blocked`,
    paragraphs: [
      blockedView(change, proc, opts).deadlineText,
      `${change.implementer.name} can reschedule it ("reschedule ${change.id}" in the team channel) or cancel it ("cancel ${change.id}").`,
    ],
    facts: windowFacts(change, proc),
  }),
};

/** Notices that are cards in Teams only; their mail exists only when the card could not be posted. */
function genericContent(notice: NoticeKind, change: Change, proc: ProcessDefinition): Partial<MailContent> {
  return {
    heading: `${noticeLabel(notice, proc)}: ${change.id}`,
    paragraphs: [`Open the team channel and type "show ${change.id}" to see the change and act on it.`],
    facts: windowFacts(change, proc),
  };
}

export function noticeContent(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): MailContent {
  const spec = noticeSpec(notice, proc);
  const stepMail = spec?.mail;
  const fallback: Builder = stepMail
    ? (c, p) => ({ ...stepMail(c, p), facts: windowFacts(c, p) })
    : (c, p) => genericContent(notice, c, p);
  const built = (BUILDERS[notice] ?? fallback)(change, proc, opts);
  const header = changeHeader(
    change,
    proc,
    opts,
    // The milestone a notice is sent for: a late notice names when that milestone was due.
    spec?.milestone as MilestoneName | undefined,
  );
  return {
    label: noticeLabel(notice, proc),
    heading: built.heading ?? noticeLabel(notice, proc),
    warnings: header.late ? [header.lateText] : [],
    paragraphs: built.paragraphs ?? [],
    facts: built.facts ?? [],
    ...(built.list ? { list: built.list } : {}),
    links: built.links ?? [],
    subjectWindow: built.subjectWindow ?? false,
  };
}
