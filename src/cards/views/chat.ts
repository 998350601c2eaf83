import type { Blackout } from '../../domain/blackouts';
import type { ProcessDefinition } from '../../domain/process';
import type { ChangeSummary } from '../../domain/summary';
import { formatDuration, formatLocal, formatWindow } from '../format';
import { statusText } from './common';
import { blackoutsData, type BlackoutsData } from './request';
import { milestoneLabel } from './summary';

/** Answers to chat commands that are not about one change's step. */

export interface HelpCardData extends BlackoutsData {
  service: string;
  leadTimeText: string;
  timeZone: string;
  approversText: string;
}

export interface ListRowData {
  changeId: string;
  title: string;
  windowText: string;
  statusText: string;
  service: string;
  implementer: string;
  nextText: string;
}

export interface ListCardData extends BlackoutsData {
  empty: boolean;
  countText: string;
  changes: ListRowData[];
  moreText: string;
}

/** Teams caps a message at 28 KB: the list shows the soonest changes only. */
export const LIST_SHOWN = 25;

export interface RefusalCardData {
  message: string;
  hasChange: boolean;
  changeId: string;
  changeTitle: string;
}

export function helpView(proc: ProcessDefinition, upcoming: readonly Blackout[] = []): HelpCardData {
  return {
    ...blackoutsData(upcoming, proc),
    service: proc.services.map((service) => service.name).join(', '),
    leadTimeText: formatDuration(proc.leadTime),
    timeZone: proc.timeZone,
    // With several services, whose approvers they are; with one, just the names (as before).
    approversText:
      proc.services.length > 1
        ? proc.services
            .map((service) => `${service.name}: ${service.approvers.map((a) => a.name).join(', ')}`)
            .join('; ')
        : proc.approvers.map((a) => a.name).join(', '),
  };
}

/** Upcoming and running changes, soonest first. */
export function listView(
  summaries: ChangeSummary[],
  proc: ProcessDefinition,
  upcoming: readonly Blackout[] = [],
): ListCardData {
  const changes = [...summaries]
    .sort((a, b) => Date.parse(a.window.start) - Date.parse(b.window.start))
    .map((s) => ({
      changeId: s.id,
      title: s.title,
      windowText: formatWindow(s.window, proc.timeZone),
      statusText: statusText(s.status, proc),
      service: s.service,
      implementer: s.implementer,
      nextText: s.nextMilestone
        ? `Next: ${milestoneLabel(s.nextMilestone.name, proc)}, ${formatLocal(s.nextMilestone.due, proc.timeZone)}`
        : '',
    }));
  const hidden = changes.length - LIST_SHOWN;
  return {
    ...blackoutsData(upcoming, proc),
    empty: changes.length === 0,
    countText: changes.length === 1 ? '1 change' : `${changes.length} changes`,
    changes: changes.slice(0, LIST_SHOWN),
    moreText: hidden > 0 ? `${hidden} later changes are not shown.` : '',
  };
}

export function refusalView(message: string, change?: { id: string; title: string }): RefusalCardData {
  return {
    message,
    hasChange: change !== undefined,
    changeId: change?.id ?? '',
    changeTitle: change?.title ?? '',
  };
}
