import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { offsetOf } from '../../domain/milestoneRegistry';
import { STORED } from '../../domain/steps/storedNames';
import { formatDuration, formatWindow } from '../format';
import {
  changeFacts,
  changeHeader,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';

/** Notices for everyone affected: they must read on their own, without opening anything. */

export type AnnouncementCardData = ChangeHeaderData & ChangeFactsData;

/** The reminder says how far off the window is, as the process file's reminder offset sets it. */
export type ReminderCardData = AnnouncementCardData & { whenText: string };

export interface CancellationCardData extends ChangeHeaderData {
  windowText: string;
  reasonText: string;
  byText: string;
  wasAnnounced: boolean;
  contactText: string;
}

export function announcementView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): AnnouncementCardData {
  return {
    ...changeHeader(change, proc, opts, STORED.approvalMilestone),
    ...changeFacts(change, proc),
  };
}

export function reminderView(change: Change, proc: ProcessDefinition, opts: CardOptions): ReminderCardData {
  const offset = offsetOf(proc, 'reminder').shiftTo('days', 'hours', 'minutes', 'seconds');
  const oneDay = offset.days === 1 && offset.hours === 0 && offset.minutes === 0 && offset.seconds === 0;
  return {
    ...announcementView(change, proc, opts),
    ...changeHeader(change, proc, opts, 'reminder'),
    whenText: oneDay ? 'Tomorrow' : `In ${formatDuration(offsetOf(proc, 'reminder'))}`,
  };
}

export function cancellationView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): CancellationCardData {
  const cancelled = [...change.history]
    .reverse()
    .find((entry) => entry.accepted && entry.event.includes('cancel'));
  return {
    ...changeHeader(change, proc, opts),
    windowText: formatWindow(change.window, proc.timeZone),
    reasonText: change.cancelReason ?? '',
    byText: cancelled && cancelled.by !== 'system' ? cancelled.by.name : '',
    wasAnnounced: change.announced,
    contactText: changeFacts(change, proc).contactText,
  };
}
