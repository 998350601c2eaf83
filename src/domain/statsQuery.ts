import { DateTime } from 'luxon';
import type { StatsPeriod } from './stats';

/** What `stats [service] [period]` asks for, once read. */
export type StatsQuery =
  /** `periodWord`: the period as typed ('' for the default), to ask for the same chart again. */
  { ok: true; service?: string; period: StatsPeriod; periodWord: string } | { ok: false; message: string };

export const STATS_USAGE =
  'Type "stats" for the last 12 months, or add a service and a period: "stats <service name> 2026-Q3". ' +
  'A period is a year (2026), a quarter (2026-Q3), a month (2026-11) or the last N months (6m).';

/** The same help for the stats page, in the words of a web address instead of a chat command. */
export const STATS_PAGE_USAGE =
  'Leave period= out for the last 12 months, or give a year (period=2026), a quarter (period=2026-Q3), ' +
  'a month (period=2026-11) or the last N months (period=6m); service= takes a service name.';

/** At most this many months: a page of ten years of months is not read by anyone. */
export const MAX_MONTHS = 60;

const MONTH_NAME = (month: DateTime) => month.setLocale('en').toFormat('LLLL yyyy');

/** The last `count` whole months up to and including the current one (process time zone). */
export function lastMonths(count: number, now: Date, timeZone: string): StatsPeriod {
  const current = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month');
  return {
    first: current.minus({ months: count - 1 }).toFormat('yyyy-MM'),
    last: current.toFormat('yyyy-MM'),
    label: `the last ${count} months`,
  };
}

/** Reads one period word; undefined when the word is not a period at all. */
export function parsePeriod(
  word: string,
  now: Date,
  timeZone: string,
): StatsPeriod | { error: string } | undefined {
  const text = word.trim();
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(text))) {
    return { first: `${match[1]}-01`, last: `${match[1]}-12`, label: match[1]! };
  }
  if ((match = /^(\d{4})-?q([1-4])$/i.exec(text))) {
    const firstMonth = (Number(match[2]) - 1) * 3 + 1;
    const pad = (month: number) => String(month).padStart(2, '0');
    return {
      first: `${match[1]}-${pad(firstMonth)}`,
      last: `${match[1]}-${pad(firstMonth + 2)}`,
      label: `${match[1]}-Q${match[2]}`,
    };
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(text))) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) return { error: `"${text}" is not a month: months go from 01 to 12.` };
    const start = DateTime.fromObject({ year: Number(match[1]), month }, { zone: 'utc' });
    return { first: text, last: text, label: MONTH_NAME(start) };
  }
  if ((match = /^(\d{1,4})m$/i.exec(text))) {
    const count = Number(match[1]);
    if (count < 1 || count > MAX_MONTHS)
      return { error: `"${text}": ask for 1 to ${MAX_MONTHS} months (e.g. 6m).` };
    return lastMonths(count, now, timeZone);
  }
  return undefined;
}

/**
 * Reads the words after `stats`: an optional service name (it may have spaces) then an optional period.
 * The period is the last word when it reads as one; the rest must name a known service.
 */
export function readStatsQuery(
  args: string,
  services: readonly string[],
  now: Date,
  timeZone: string,
): StatsQuery {
  const words = args.trim().split(/\s+/).filter(Boolean);
  let period: StatsPeriod = lastMonths(12, now, timeZone);
  let periodWord = '';
  const lastWord = words[words.length - 1];
  if (lastWord !== undefined) {
    const read = parsePeriod(lastWord, now, timeZone);
    if (read && 'error' in read) return { ok: false, message: `${read.error} ${STATS_USAGE}` };
    if (read) {
      period = read;
      periodWord = lastWord;
      words.pop();
    }
  }
  if (words.length === 0) return { ok: true, period, periodWord };
  const typed = words.join(' ');
  const service = services.find((name) => name.toLowerCase() === typed.toLowerCase());
  if (!service) {
    const looksLikePeriod = /^\d/.test(lastWord ?? '');
    return {
      ok: false,
      message: looksLikePeriod
        ? `"${lastWord}" is not a period I know. ${STATS_USAGE}`
        : `No service named "${typed.slice(0, 80)}". Known services: ${services.join(', ')}. ${STATS_USAGE}`,
    };
  }
  return { ok: true, service, period, periodWord };
}

/** The same query from separate fields (the page's `?service=` and `?period=`). */
export function readStatsParams(
  service: string | undefined,
  period: string | undefined,
  services: readonly string[],
  now: Date,
  timeZone: string,
): StatsQuery {
  let read: StatsPeriod = lastMonths(12, now, timeZone);
  if (period?.trim()) {
    const parsed = parsePeriod(period, now, timeZone);
    if (!parsed)
      return { ok: false, message: `period="${period.slice(0, 40)}" is not a period. ${STATS_PAGE_USAGE}` };
    if ('error' in parsed) return { ok: false, message: `${parsed.error} ${STATS_PAGE_USAGE}` };
    read = parsed;
  }
  const periodWord = period?.trim() ?? '';
  if (!service?.trim()) return { ok: true, period: read, periodWord };
  const match = services.find((name) => name.toLowerCase() === service.trim().toLowerCase());
  if (!match)
    return {
      ok: false,
      message: `service="${service.slice(0, 80)}" is not a service. Known services: ${services.join(', ')}. ${STATS_PAGE_USAGE}`,
    };
  return { ok: true, service: match, period: read, periodWord };
}
