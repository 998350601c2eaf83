import type { Clock, Logger } from '../app/ports';
import { feedTokenMatches } from '../web/feedToken';
import { NOT_FOUND, type WebAnswer, type WebHeaders, type WebRequest, type WebRoute } from '../web/route';
import { chartLinkMatches } from './chartLink';
import { outcomeChartSvg } from './chart';
import { statsPageHtml } from './page';
import { svgToPng } from './png';
import type { StatsAnswer, StatsReport } from './report';

export interface StatsRoutesDeps {
  report: StatsReport;
  /** CALENDAR_FEED_TOKEN: the stats are behind the same secret as the calendar feed; unset, they are off. */
  token?: string;
  timeZone: string;
  clock: Clock;
  logger: Logger;
}

function params(req: WebRequest): URLSearchParams {
  return new URL(req.url, 'http://stats.invalid').searchParams;
}

function text(status: number, body: string, headers: WebHeaders = {}): WebAnswer {
  return {
    status,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `${body}\n`,
  };
}

/**
 * GET /stats?token=… (the page) and GET /stats/chart.png?…&sig=… (the card's image, see chartLink.ts).
 * A wrong or missing token answers 404, as /calendar.ics does: the page's existence is not confirmed.
 */
export function statsRoutes(deps: StatsRoutesDeps): WebRoute[] {
  /** The stats asked for, or the answer that says why there are none. */
  const read = async (req: WebRequest): Promise<Extract<StatsAnswer, { ok: true }> | WebAnswer> => {
    const query = params(req);
    try {
      const answer = await deps.report(query.get('service') ?? undefined, query.get('period') ?? undefined);
      return answer.ok ? answer : text(400, answer.message);
    } catch (error) {
      deps.logger.error({ err: error }, 'stats: the stored changes could not be read');
      return text(503, 'The stats cannot be read right now; try again in a minute.', { 'Retry-After': '60' });
    }
  };

  const page = async (req: WebRequest): Promise<WebAnswer> => {
    if (!feedTokenMatches(deps.token, req.url)) return NOT_FOUND;
    const answer = await read(req);
    if (!('ok' in answer)) return answer;
    const token = params(req).get('token')!;
    const service = answer.stats.service;
    const link = (period: string) => {
      const query = new URLSearchParams({ token });
      if (service) query.set('service', service);
      if (period) query.set('period', period);
      return `/stats?${query.toString()}`;
    };
    const year = deps.clock().getUTCFullYear();
    const html = statsPageHtml(answer.stats, {
      timeZone: deps.timeZone,
      now: deps.clock(),
      unreadable: answer.unreadable,
      periodLinks: [
        { label: 'Last 12 months', href: link('') },
        { label: String(year), href: link(String(year)) },
        { label: String(year - 1), href: link(String(year - 1)) },
      ],
    });
    return {
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        // The URL holds the secret: keep it out of shared caches and out of links followed from the page.
        'Cache-Control': 'private, no-store',
        'Referrer-Policy': 'no-referrer',
      },
      body: html,
    };
  };

  const chart = async (req: WebRequest): Promise<WebAnswer> => {
    if (!chartLinkMatches(deps.token, req.url)) return NOT_FOUND;
    const answer = await read(req);
    if (!('ok' in answer)) return answer;
    const svg = outcomeChartSvg(answer.stats);
    if (!svg) return text(404, 'No change in this period: there is no chart to draw.');
    return {
      status: 200,
      headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=300' },
      body: svgToPng(svg),
    };
  };

  return [
    { path: '/stats', handle: page },
    { path: '/stats/chart.png', handle: chart },
  ];
}
