import type { Clock, Logger } from '../app/ports';
import { isFinal } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { awaitsReview } from '../domain/review';
import { createStatusSource, unreadableChangeIds } from '../app/changeSource';
import type { ChangeStore } from '../store/types';
import type { WebRoute } from '../web/route';
import { chartUrl } from './chartLink';
import { createStatsReport, type ChatStatsReport } from './report';
import { statsRoutes } from './routes';

/** Stats reach five years back: enough for a year-on-year look, bounded for a store of many years. */
const YEARS_BACK = 5;

export interface StatsWiring {
  routes: WebRoute[];
  chat: ChatStatsReport;
  chartUrl: (service: string | undefined, periodWord: string) => string | undefined;
}

/** The stats of a running bot: its store, process, feed token and public host. */
export function statsWiring(deps: {
  store: ChangeStore;
  proc: ProcessDefinition;
  token?: string;
  publicHost?: string;
  clock: Clock;
  logger: Logger;
}): StatsWiring {
  const changes = createStatusSource(deps.store, {
    yearsBack: YEARS_BACK,
    settled: (change) => isFinal(change.status) && !awaitsReview(change),
  });
  const report = createStatsReport({
    changes,
    proc: deps.proc,
    clock: deps.clock,
    unreadable: () => unreadableChangeIds(deps.store),
  });
  return {
    routes: statsRoutes({
      report: report.byParams,
      ...(deps.token ? { token: deps.token } : {}),
      timeZone: deps.proc.timeZone,
      clock: deps.clock,
      logger: deps.logger.child({ scope: 'stats' }),
    }),
    chat: report.byChat,
    chartUrl: (service, periodWord) => chartUrl(deps.publicHost, deps.token, service, periodWord),
  };
}
