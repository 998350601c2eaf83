import type { OutcomeStats } from '../../domain/stats';
import { durationsText, extensionsText, shareText, unreadableText } from '../statsFormat';

/** The answer to `stats [service] [period]`: the main figures, one line per quarter, and the chart by URL. */
export interface StatsCardData {
  scopeText: string;
  empty: boolean;
  emptyText: string;
  hasChart: boolean;
  chartUrl: string;
  chartAltText: string;
  facts: { label: string; value: string }[];
  quarters: { line: string }[];
  hasReviews: boolean;
  reviewsText: string;
  footerText: string;
  hasUnreadable: boolean;
  unreadableText: string;
}

export function statsView(
  stats: OutcomeStats,
  chartUrl: string | undefined,
  unreadable: readonly string[] = [],
): StatsCardData {
  const total = stats.total;
  const scope = `${stats.service ?? 'All services'}, ${stats.period.label}`;
  const finished = total.changes - total.open;
  const lastChange = stats.reviews[0]?.review.oneChange;
  return {
    scopeText: scope,
    empty: stats.empty,
    emptyText: `No change has its window in ${stats.period.label}${stats.service ? ` for ${stats.service}` : ''}: nothing to count yet.`,
    hasChart: !stats.empty && chartUrl !== undefined && finished > 0,
    chartUrl: chartUrl ?? '',
    chartAltText: `Changes per month by outcome, ${scope}: ${total.outcomes.completed} completed, ${total.outcomes.restored} restored, ${total.outcomes.handedOff} with a failed restore, ${total.outcomes.cancelled} cancelled.`,
    facts: [
      {
        label: 'Changes',
        value: `${total.changes} (${total.run} run, ${total.outcomes.cancelled} cancelled, ${total.open} not over yet)`,
      },
      { label: 'Change fail rate', value: shareText(total.failRate) },
      { label: 'Extensions', value: extensionsText(total.extensions) },
      { label: 'Recovery time', value: durationsText(total.recovery) },
      { label: 'Lead time kept', value: shareText(total.leadTimeKept) },
      { label: 'Expedited', value: shareText(total.expedited) },
      { label: 'NOGO', value: shareText(total.nogo) },
      { label: 'Snapshot duration', value: durationsText(total.snapshot) },
    ],
    quarters: stats.empty
      ? []
      : stats.quarters.map((quarter) => ({
          line: `${quarter.key}${quarter.partial ? ' (part)' : ''}: ${quarter.changes} changes, ${quarter.run} run, fail rate ${shareText(quarter.failRate)}, extensions ${extensionsText(quarter.extensions)}`,
        })),
    hasReviews: stats.reviews.length > 0,
    reviewsText:
      stats.reviews.length > 0
        ? `${stats.reviews.length} review${stats.reviews.length === 1 ? '' : 's'} after trouble. Latest thing to change (${stats.reviews[0]!.changeId}): ${lastChange}`
        : '',
    hasUnreadable: unreadable.length > 0,
    unreadableText: unreadableText(unreadable),
    footerText:
      'Fail rate: changes with an incident ÷ changes run. Recovery: incident → restored. The stats page (/stats, behind the calendar feed token) has every month, the definitions and the reviews.',
  };
}
