import {
  isFinal,
  type Change,
  type HistoryEntry,
  type MilestoneName,
  type NoticeKind,
  type OutboxEntry,
} from '../../domain/change';
import { milestoneForNotice, milestoneSpec, milestonesOf } from '../../domain/milestoneRegistry';
import { goDeadlineWords } from '../../domain/offsetWords';
import type { ProcessDefinition } from '../../domain/process';
import { awaitsReview } from '../../domain/review';
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
  precheckText: string;
  decisionText: string;
  snapshotText: string;
  showHistory: boolean;
  history: HistoryRowData[];
  historyNote: string;
  /** Notices the bot gave up delivering (failed in the outbox), each with what to do about it. */
  hasFailedDeliveries: boolean;
  failedDeliveries: TextItemData[];
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

/** Each notice in the users' words (also the e-mail subjects). */
export const NOTICE_LABELS: Record<NoticeKind, string> = {
  created: 'New change request',
  preparation: 'Prepare the change',
  precheck: 'Pre-check',
  precheckRecorded: 'Pre-check recorded',
  goNoGo: 'GO / NOGO needed',
  decisionRecorded: 'GO / NOGO recorded',
  nogo: 'NOGO',
  announcement: 'Planned maintenance',
  blocked: 'Blocked: no GO in time',
  reminder: 'Reminder: planned maintenance',
  snapshot: 'Take the data snapshot',
  start: 'Maintenance started',
  control: 'Maintenance in progress',
  decision: 'Decision point: solved, extend or incident',
  extension: 'Maintenance extended',
  incident: 'Incident during maintenance',
  handoff: 'Restore failed: incident process',
  restored: 'Service restored',
  end: 'Maintenance finished',
  cancellation: 'Maintenance cancelled',
  rescheduled: 'Maintenance rescheduled',
  review: 'Review after trouble',
};

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
  return NOTICE_LABELS[notice] ?? milestoneForNotice(notice, proc)?.label ?? notice;
}

/** The latest failed deliveries shown; the rest stay in the stored change and the log. */
const FAILED_SHOWN = 5;

function failedDeliveryRow(entry: OutboxEntry, proc: ProcessDefinition): TextItemData {
  const to = entry.effect.to;
  const how =
    to.kind === 'mail' ? 'e-mail' : to.kind === 'personal' ? `personal chat of ${to.name}` : 'Teams';
  return {
    text: `${noticeLabel(entry.effect.notice, proc)} (${how}, ${formatLocal(entry.createdAt, proc.timeZone)}): ${entry.lastError ?? 'not delivered'}`,
  };
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

/** History event names (the domain's event types) in the users' words. */
const EVENT_TEXT: Record<string, string> = {
  create: 'Requested',
  'prep.check': 'Checklist',
  'history.summary': 'Earlier lines',
  'precheck.done': 'Pre-check done',
  'precheck.corrections': 'Corrections requested',
  go: 'GO',
  nogo: 'NOGO',
  'snapshot.started': 'Snapshot started',
  'snapshot.done': 'Snapshot done',
  done: 'Done, tests passed',
  problem: 'Problem reported',
  extend: 'Extended',
  incident: 'Incident declared',
  restored: 'Restored',
  'restore.failed': 'Restore failed',
  cancel: 'Cancelled',
  reschedule: 'Rescheduled',
};

/** A milestone's name in the users' words, from the process's milestone registry. */
export function milestoneLabel(name: string, proc: ProcessDefinition): string {
  return milestoneSpec(name, proc)?.label ?? name;
}

function eventText(event: string, proc: ProcessDefinition): string {
  const milestone = /^milestone\.(.+)$/.exec(event)?.[1];
  if (milestone && milestoneSpec(milestone, proc)) return `${milestoneLabel(milestone, proc)} step`;
  return EVENT_TEXT[event] ?? event;
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
    precheckText: precheckText(change, proc),
    decisionText: approvalText(change, proc),
    snapshotText: snapshotStateText(change, proc),
    showHistory: opts.withHistory === true,
    history: history.map((entry) => historyRow(entry, proc)),
    historyNote: hidden > 0 ? `${hidden} earlier entries not shown.` : '',
    ...reviewData(change, proc),
    hasFailedDeliveries: failed.length > 0,
    failedDeliveries: failed.slice(-FAILED_SHOWN).map((entry) => failedDeliveryRow(entry, proc)),
    ...(isFinal(change.status)
      ? { hasRestoreWarnings: false, restoreWarnings: [] }
      : restoreWarnings(change, proc, opts.measured, (opts.heading ?? 'show') === 'show')),
  };
}
