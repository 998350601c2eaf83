import type { ChatStatsReport } from '../stats/report';
import type { Card, CardSet } from './cardSet';

/** Answers `stats [service] [period]` with a card; a question it cannot read gets the usage, never silence. */
export type AnswerStats = (args: string) => Promise<Card>;

export function statsAnswer(deps: {
  report: ChatStatsReport;
  cards: Pick<CardSet, 'stats' | 'refusal'>;
  /** The chart image's URL for a service and period word; undefined: the card shows the figures only. */
  chartUrl: (service: string | undefined, periodWord: string) => string | undefined;
}): AnswerStats {
  return async (args) => {
    const answer = await deps.report(args);
    if (!answer.ok) return deps.cards.refusal(answer.message);
    return deps.cards.stats(
      answer.stats,
      deps.chartUrl(answer.stats.service, answer.periodWord),
      answer.unreadable,
    );
  };
}
