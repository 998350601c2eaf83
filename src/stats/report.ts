import type { Clock } from '../app/ports';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { outcomeStats, type OutcomeStats } from '../domain/stats';
import { readStatsParams, readStatsQuery, type StatsQuery } from '../domain/statsQuery';

export type StatsAnswer =
  | {
      ok: true;
      stats: OutcomeStats;
      periodWord: string;
      /** Changes left out because their stored files cannot be read: the team is told, never the public. */
      unreadable: string[];
    }
  | { ok: false; message: string };

/** The stats for `?service=` and `?period=` (the page and the chart image). */
export type StatsReport = (service?: string, period?: string) => Promise<StatsAnswer>;
/** The stats for the words after `stats` in a chat. */
export type ChatStatsReport = (args: string) => Promise<StatsAnswer>;

export interface StatsReportDeps {
  changes: (now: Date) => Promise<Change[]>;
  proc: ProcessDefinition;
  clock: Clock;
  /** The ids of stored changes that cannot be read (read after the changes, which is when they are found). */
  unreadable?: () => string[];
}

/** Reads the stored changes, reads the question, and computes: the one place both the page and the chat use. */
export function createStatsReport(deps: StatsReportDeps): { byParams: StatsReport; byChat: ChatStatsReport } {
  const answer = async (ask: (services: string[], now: Date) => StatsQuery): Promise<StatsAnswer> => {
    const now = deps.clock();
    const changes = await deps.changes(now);
    // The configured service and any other a stored change names (a service removed from the file keeps its past).
    const services = [
      ...new Set([
        ...deps.proc.services.map((each) => each.name),
        ...changes.map((change) => change.service),
      ]),
    ];
    const query = ask(services, now);
    if (!query.ok) return query;
    const stats = outcomeStats(changes, {
      timeZone: deps.proc.timeZone,
      leadTime: deps.proc.leadTime,
      period: query.period,
      ...(query.service ? { service: query.service } : {}),
    });
    return { ok: true, stats, periodWord: query.periodWord, unreadable: deps.unreadable?.() ?? [] };
  };
  return {
    byParams: (service, period) =>
      answer((services, now) => readStatsParams(service, period, services, now, deps.proc.timeZone)),
    byChat: (args) => answer((services, now) => readStatsQuery(args, services, now, deps.proc.timeZone)),
  };
}
