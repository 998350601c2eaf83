import type { Change } from '../../domain/change';
import { goDeadlineWords } from '../../domain/offsetWords';
import type { ProcessDefinition } from '../../domain/process';
import { audienceEmails } from '../../domain/recipients';
import { STORED } from '../../domain/steps/storedNames';
import { formatDuration, formatInstant, formatTime } from '../format';
import {
  changeFacts,
  changeHeader,
  forWhomLabel,
  isReadOnlyView,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { windowFormValues, type WindowValuesData } from './request';
import { approvalText, preparationProgressText, precheckText } from './states';
import type { TextItemData } from './summary';
import { restoreWarnings, type TextLine } from './restoreTime';

export interface PrecheckCardData extends ChangeHeaderData, ChangeFactsData {
  tests: TextItemData[];
  hasRestoreWarnings: boolean;
  restoreWarnings: TextLine[];
  rollback: string;
  preparationText: string;
  precheckText: string;
  goNoGoDueText: string;
  canDecide: boolean;
  waiting: boolean;
}

export interface ApprovalNeededCardData extends ChangeHeaderData, ChangeFactsData {
  tests: TextItemData[];
  rollback: string;
  preparationText: string;
  precheckText: string;
  snapshotPlanText: string;
  audienceText: string;
  deadlineText: string;
  canDecide: boolean;
  waiting: boolean;
  decided: boolean;
  decisionGo: boolean;
  decisionText: string;
}

/** Where the implementer may move or drop the change: after a NOGO, or when it was blocked. */
export interface RescheduleOfferData extends WindowValuesData {
  canReschedule: boolean;
  timeZone: string;
}

export interface ApprovalRecordedCardData extends ChangeHeaderData, ChangeFactsData, RescheduleOfferData {
  go: boolean;
  decisionText: string;
  nextText: string;
}

export interface BlockedCardData extends ChangeHeaderData, ChangeFactsData, RescheduleOfferData {
  /** "Blocked: no GO by the day before the start": the deadline comes from `before.reminder`. */
  headlineText: string;
  deadlineText: string;
}

function tests(change: Change): TextItemData[] {
  return change.tests.map((text) => ({ text }));
}

function mailCount(change: Change, proc: ProcessDefinition): number {
  return audienceEmails(change, proc).length;
}

function rescheduleOffer(change: Change, proc: ProcessDefinition, open: boolean): RescheduleOfferData {
  const values = windowFormValues(change, proc);
  return {
    canReschedule: open,
    timeZone: proc.timeZone,
    startDateValue: values.startDate ?? '',
    startTimeValue: values.startTime ?? '',
    endDateValue: values.endDate ?? '',
    endTimeValue: values.endTime ?? '',
    expeditedValue: change.expedited ? 'true' : 'false',
    expeditedReasonValue: change.blackoutOverride?.reason ?? '',
  };
}

/** Buttons while the decision is open, unless this is the read-only view: then who must decide. */
function decidable(
  open: boolean,
  opts: CardOptions,
  what: string,
  does: string,
): { canDecide: boolean; waiting: boolean; forWhom: boolean; forWhomText: string } {
  const readOnly = isReadOnlyView(opts);
  const canDecide = open && !readOnly;
  return { canDecide, waiting: open && readOnly, ...forWhomLabel(opts, canDecide, what, does) };
}

export function precheckView(change: Change, proc: ProcessDefinition, opts: CardOptions): PrecheckCardData {
  return {
    ...changeHeader(change, proc, opts, 'precheck'),
    ...changeFacts(change, proc),
    tests: tests(change),
    rollback: change.rollback,
    preparationText: preparationProgressText(change),
    precheckText: precheckText(change, proc),
    goNoGoDueText: formatInstant(change.milestones[STORED.approvalMilestone].due, proc.timeZone),
    ...restoreWarnings(change, proc, opts.measured, true),
    ...decidable(
      change.status === 'planned' && change.precheck.state !== 'done',
      opts,
      'Pre-check',
      'records it',
    ),
  };
}

export function approvalNeededView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): ApprovalNeededCardData {
  const snapshotStart = change.milestones.snapshot.due;
  return {
    ...changeHeader(change, proc, opts, STORED.approvalMilestone),
    ...changeFacts(change, proc),
    tests: tests(change),
    rollback: change.rollback,
    preparationText: preparationProgressText(change),
    precheckText: precheckText(change, proc),
    snapshotPlanText:
      `Data-only snapshot on ${proc.service.provider}, started at ${formatTime(snapshotStart, proc.timeZone)} ` +
      `on the day; it takes about ${formatDuration(proc.snapshot.duration)}.`,
    audienceText: `GO posts the planned-maintenance announcement in the channel and e-mails ${mailCount(change, proc)} addresses.`,
    deadlineText: `Without GO by ${formatInstant(change.milestones.reminder.due, proc.timeZone)} the change is blocked and nothing is announced.`,
    ...decidable(change.status === 'planned' && change.decision === undefined, opts, 'GO / NOGO', 'decides'),
    decided: change.decision !== undefined,
    decisionGo: change.decision?.verdict === 'go',
    decisionText: approvalText(change, proc),
  };
}

export function approvalRecordedView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): ApprovalRecordedCardData {
  const go = change.decision?.verdict === 'go';
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    ...rescheduleOffer(change, proc, change.status === 'rejected'),
    ...forWhomLabel(opts, change.status === 'rejected', 'Reschedule / Cancel', 'decides'),
    go,
    decisionText: approvalText(change, proc),
    nextText: go
      ? change.announced
        ? `The planned-maintenance announcement was posted in the channel and e-mailed to ${mailCount(change, proc)} addresses.`
        : 'The planned-maintenance announcement is being sent to the channel and by e-mail.'
      : change.status === 'rejected'
        ? `Nothing was announced. ${change.implementer.name} can reschedule (all steps are planned again) or cancel the change.`
        : 'Nothing was announced.',
  };
}

export function blockedView(change: Change, proc: ProcessDefinition, opts: CardOptions): BlockedCardData {
  return {
    ...changeHeader(change, proc, opts, 'reminder'),
    ...changeFacts(change, proc),
    ...rescheduleOffer(change, proc, change.status === 'blocked'),
    ...forWhomLabel(opts, change.status === 'blocked', 'Reschedule / Cancel', 'decides'),
    headlineText: `Blocked: no GO by ${goDeadlineWords(proc)}`,
    deadlineText:
      `No GO was given by ${formatInstant(change.milestones.reminder.due, proc.timeZone)} (${goDeadlineWords(proc)}), ` +
      `so the change is blocked and nothing was announced.`,
  };
}
