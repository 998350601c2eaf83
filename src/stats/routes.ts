import type { Request, Response, Server } from 'restify';
import type { Clock, Logger } from '../app/ports';
import { feedTokenMatches } from '../web/feedToken';
import { sendNotFound } from '../http/notFound';
import { chartLinkMatches } from './chartLink';
import { outcomeChartSvg } from './chart';
import { statsPageHtml } from './page';
import { svgToPng } from './png';
import type { StatsReport } from './report';

export interface StatsRoutesDeps {
  report: StatsReport;
  /** CALENDAR_FEED_TOKEN: the stats are behind the same secret as the calendar feed; unset, they are off. */
  token?: string;
  timeZone: string;
  clock: Clock;
  logger: Logger;
}

function params(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://stats.invalid').searchParams;
}

function text(res: Response, status: number, body: string): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.sendRaw(status, `${body}\n`);
}

/**
 * GET /stats?token=… (the page) and GET /stats/chart.png?…&sig=… (the card's image, see chartLink.ts).
 * A wrong or missing token answers 404, as /calendar.ics does: the page's existence is not confirmed.
 */
export function registerStatsRoutes(server: Server, deps: StatsRoutesDeps): void {
  const read = async (req: Request, res: Response) => {
    const query = params(req);
    try {
      const answer = await deps.report(query.get('service') ?? undefined, query.get('period') ?? undefined);
      if (!answer.ok) text(res, 400, answer.message);
      return answer.ok ? answer : undefined;
    } catch (error) {
      deps.logger.error({ err: error }, 'stats: the stored changes could not be read');
      res.setHeader('Retry-After', '60');
      text(res, 503, 'The stats cannot be read right now; try again in a minute.');
      return undefined;
    }
  };

  server.get('/stats', async (req: Request, res: Response) => {
    if (!feedTokenMatches(deps.token, req.url ?? '')) return sendNotFound(res);
    const answer = await read(req, res);
    if (!answer) return;
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
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // The URL holds the secret: keep it out of shared caches and out of links followed from the page.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.sendRaw(200, html);
  });

  server.get('/stats/chart.png', async (req: Request, res: Response) => {
    if (!chartLinkMatches(deps.token, req.url ?? '')) return sendNotFound(res);
    const answer = await read(req, res);
    if (!answer) return;
    const svg = outcomeChartSvg(answer.stats);
    if (!svg) return text(res, 404, 'No change in this period: there is no chart to draw.');
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.sendRaw(200, svgToPng(svg));
  });
}
