import {
  isFinal,
  type Change,
  type HistoryEntry,
  type MilestoneName,
  type NoticeKind,
  type OutboxEntry,
} from '../../domain/change';
import { milestoneSpec, milestonesOf, noticeSpec } from '../../domain/milestoneRegistry';
import { tablesOf } from '../../domain/steps/lookup';
import { goDeadlineWords } from '../../domain/offsetWords';
import type { ProcessDefinition } from '../../domain/process';
import { awaitsReview } from '../../domain/review';
import { processFor, serviceFacts } from '../../domain/serviceFacts';
import { currentSilenceId, silenceLink } from '../../domain/silence';
import { formatLocal } from '../format';
import {
  changeFacts,
  changeHeader,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { approvalText, precheckText, snapshotStateText } from './states';
import { restoreWarnings, type TextLine } from './restoreTime';
import { publicTextLine } from './publicTextForm';

export interface MilestoneRowData {
  name: string;
  whenText: string;
  stateText: string;
}

export interface TextItemData {
  text: string;
}

export interface HistoryRowData {
  whenText: string;
  text: string;
}

export interface SummaryCardData extends ChangeHeaderData, ChangeFactsData {
  heading: string;
  timeZone: string;
  milestones: MilestoneRowData[];
  tests: TextItemData[];
  rollback: string;
  audienceText: string;
  /** Per public language, whether its readers get their own text (only when the process names languages). */
  publicTextText: string;
  precheckText: string;
  decisionText: string;
  snapshotText: string;
  showHistory: boolean;
  history: HistoryRowData[];
  historyNote: string;
  /** Notices the bot gave up delivering (failed in the outbox), each with what to do about it. */
  hasFailedDeliveries: boolean;
  failedDeliveries: TextItemData[];
  /** The window's Alertmanager silence, while the bot knows one: its page. */
  hasSilence: boolean;
  silenceUrl: string;
  /** The review after trouble, once written; `reviewPending` while it is asked and not written. */
  hasReview: boolean;
  reviewPending: boolean;
  reviewHappened: string;
  reviewHelped: string;
  reviewChange: string;
  reviewByText: string;
  /** Too short a window to restore in; on `show`, restore drills slower than the process file too. */
  hasRestoreWarnings: boolean;
  restoreWarnings: TextLine[];
}

function reviewData(change: Change, proc: ProcessDefinition) {
  const review = change.review;
  return {
    hasReview: review !== undefined,
    reviewPending: awaitsReview(change),
    reviewHappened: review?.whatHappened ?? '',
    reviewHelped: review?.whatHelped ?? '',
    reviewChange: review?.oneChange ?? '',
    reviewByText: review ? `${review.by.name}, ${formatLocal(review.at, proc.timeZone)}` : '',
  };
}

/** A notice's label; the blocked one names the process's own GO deadline (`before.reminder`). */
export function noticeLabel(notice: NoticeKind, proc: ProcessDefinition): string {
  if (notice === 'blocked') return `Blocked: no GO by ${goDeadlineWords(proc)}`;
  // Each notice in the users' words (also the e-mail subjects), as its step names it.
  return noticeSpec(notice, proc)?.label ?? notice;
}

/** The latest failed deliveries shown; the rest stay in the stored change and the log. */
const FAILED_SHOWN = 5;

function failedDeliveryRow(entry: OutboxEntry, proc: ProcessDefinition): TextItemData {
  const to = entry.effect.to;
  const how =
    to.kind === 'mail'
      ? 'e-mail'
      : to.kind === 'subscribers'
        ? 'e-mail to subscribers'
        : to.kind === 'personal'
          ? `personal chat of ${to.name}`
          : to.kind === 'webhook'
            ? `webhook ${to.url}`
            : to.kind === 'silence'
              ? 'Alertmanager silence'
              : 'Teams';
  return {
    text: `${noticeLabel(entry.effect.notice, proc)} (${how}, ${formatLocal(entry.createdAt, proc.timeZone)}): ${entry.lastError ?? 'not delivered'}`,
  };
}

function silenceData(change: Change, proc: ProcessDefinition): { hasSilence: boolean; silenceUrl: string } {
  const id = currentSilenceId(change);
  const target = serviceFacts(proc, change).alertmanager;
  const silenceUrl = id && target ? silenceLink(target, id) : '';
  return { hasSilence: silenceUrl !== '', silenceUrl };
}

/** Teams caps a message at 28 KB: the card shows the latest history entries only, notes shortened. */
export const HISTORY_SHOWN = 10;
const NOTE_SHOWN = 150;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function milestoneRow(change: Change, proc: ProcessDefinition, name: MilestoneName): MilestoneRowData {
  const milestone = change.milestones[name];
  const handled = milestone.handledAt ? ` (${formatLocal(milestone.handledAt, proc.timeZone)})` : '';
  const stateText =
    milestone.state === 'pending'
      ? 'pending'
      : milestone.state === 'skipped'
        ? `skipped${milestone.reason ? `: ${milestone.reason}` : ''}`
        : milestone.late
          ? `sent late${handled}`
          : 'sent';
  return { name: milestoneLabel(name, proc), whenText: formatLocal(milestone.due, proc.timeZone), stateText };
}

/** History lines that are no step's verb, in the users' words. */
const OTHER_EVENT_TEXT: Record<string, string> = {
  create: 'Requested',
  'history.summary': 'Earlier lines',
};

/** A milestone's name in the users' words, from the process's milestone registry. */
export function milestoneLabel(name: string, proc: ProcessDefinition): string {
  return milestoneSpec(name, proc)?.label ?? name;
}

function eventText(event: string, proc: ProcessDefinition): string {
  const milestone = /^milestone\.(.+)$/.exec(event)?.[1];
  if (milestone && milestoneSpec(milestone, proc)) return `${milestoneLabel(milestone, proc)} step`;
  // A verb's history line in the words of its step.
  return OTHER_EVENT_TEXT[event] ?? tablesOf(proc.steps).verbs.get(event)?.historyText ?? event;
}

function historyRow(entry: HistoryEntry, proc: ProcessDefinition): HistoryRowData {
  const who = entry.by === 'system' ? 'the bot' : entry.by.name;
  const outcome = entry.accepted ? '' : ', refused';
  const note = entry.note ? `: ${shorten(entry.note, NOTE_SHOWN)}` : '';
  const times = entry.count !== undefined && entry.count > 1 ? ` ×${entry.count}` : '';
  return {
    whenText: formatLocal(entry.at, proc.timeZone),
    text: `${eventText(entry.event, proc)}${times} (${who}${outcome})${note}`,
  };
}

export type SummaryHeading = 'created' | 'rescheduled' | 'show';

const HEADINGS: Record<SummaryHeading, string> = {
  created: 'New change request',
  rescheduled: 'Change rescheduled',
  show: 'Change details',
};

export function summaryView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions & { heading?: SummaryHeading; withHistory?: boolean },
): SummaryCardData {
  const history = opts.withHistory ? change.history.slice(-HISTORY_SHOWN) : [];
  const hidden = opts.withHistory ? change.history.length - history.length : 0;
  const failed = change.outbox.filter((entry) => entry.state === 'failed');
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    heading: HEADINGS[opts.heading ?? 'show'],
    timeZone: proc.timeZone,
    milestones: milestonesOf(proc)
      .filter((spec) => change.milestones[spec.name as MilestoneName] !== undefined)
      .map((spec) => milestoneRow(change, proc, spec.name as MilestoneName)),
    tests: change.tests.map((text) => ({ text })),
    rollback: change.rollback,
    audienceText: [...proc.audience.emails, ...change.audienceEmails].join(', ') || 'the channel only',
    publicTextText: publicTextLine(change, processFor(proc, change).languages ?? []),
    precheckText: precheckText(change, proc),
    decisionText: approvalText(change, proc),
    snapshotText: snapshotStateText(change, proc),
    showHistory: opts.withHistory === true,
    history: history.map((entry) => historyRow(entry, proc)),
    historyNote: hidden > 0 ? `${hidden} earlier entries not shown.` : '',
    ...reviewData(change, proc),
    hasFailedDeliveries: failed.length > 0,
    failedDeliveries: failed.slice(-FAILED_SHOWN).map((entry) => failedDeliveryRow(entry, proc)),
    ...silenceData(change, proc),
    ...(isFinal(change.status)
      ? { hasRestoreWarnings: false, restoreWarnings: [] }
      : restoreWarnings(change, proc, opts.measured, (opts.heading ?? 'show') === 'show')),
  };
}
