import type { Request, Response, Server } from 'restify';
import type { Clock, Logger } from '../app/ports';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { atomEvents, publicStatus, type PublicStatus } from '../domain/publicStatus';
import type { ChangeStore } from '../store/types';
import { statusAtom } from './atom';
import { statusCalendar } from './calendar';
import { statusPageHtml } from './page';
import { createRenderCache, STALE_FOR_MS, type Rendering } from './renderCache';
import { createStatusSource } from '../app/changeSource';
import { chooseLanguage } from './words';

export interface StatusRoutesDeps {
  /** The stored changes to show (all services). */
  changes: (now: Date) => Promise<Change[]>;
  /** The configured services, shown even with no maintenance. */
  services: readonly string[];
  timeZone: string;
  clock: Clock;
  logger: Logger;
  /**
   * How many change writes this process made (countingWrites): the renderings are kept until it moves (see
   * renderCache.ts). Absent: nothing tells the routes of a write, so every request renders afresh.
   */
  writes?: () => number;
}

/** Browsers and feed readers revalidate after a minute; the ETag makes that a cheap 304. */
const CACHE_CONTROL = 'public, max-age=60';

function serviceFilter(req: Request): string | undefined {
  const value = new URL(req.url ?? '/', 'http://status.invalid').searchParams.get('service');
  return value?.trim() ? value.trim() : undefined;
}

function onlyService(status: PublicStatus, service: string | undefined): PublicStatus | undefined {
  if (service === undefined) return status;
  const match = status.services.find((entry) => entry.name.toLowerCase() === service.toLowerCase());
  if (!match) return undefined;
  return {
    services: [match],
    events: status.events.filter((event) => event.window.service === match.name),
  };
}

function send(req: Request, res: Response, rendering: Rendering, vary?: string): void {
  res.setHeader('Cache-Control', CACHE_CONTROL);
  res.setHeader('ETag', rendering.etag);
  if (vary) res.setHeader('Vary', vary);
  const match = req.headers['if-none-match'];
  if (
    typeof match === 'string' &&
    match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === rendering.etag || tag.trim() === '*')
  ) {
    res.sendRaw(304, '');
    return;
  }
  res.setHeader('Content-Type', rendering.type);
  // restify writes the body, then ends: with the length known the answer is not chunked.
  res.setHeader('Content-Length', rendering.body.length);
  res.sendRaw(200, rendering.body);
}

function unknownService(res: Response, service: string, services: readonly string[]): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.sendRaw(
    404,
    `No service named "${service}". Known services: ${services.join(', ')}. Leave out ?service= for all of them.\n`,
  );
}

type Format = 'page' | 'atom' | 'ics';

/**
 * GET /status, /status/feed.atom and /status/maintenance.ics: public views of the stored changes. The public
 * view and each rendering of it (per format, language and service) are built once and shared by every reader
 * until a write or the clock changes them (renderCache.ts).
 */
export function registerStatusRoutes(server: Server, deps: StatusRoutesDeps): void {
  const cache = createRenderCache({
    read: async (now) => publicStatus(await deps.changes(now), now, { services: deps.services }),
    clock: deps.clock,
    ...(deps.writes ? { writes: deps.writes, staleForMs: STALE_FOR_MS } : { ttlMs: 0 }),
  });

  const serve = async (
    req: Request,
    res: Response,
    format: Format,
    key: string,
    render: (status: PublicStatus) => { type: string; body: string },
    vary?: string,
  ): Promise<void> => {
    const service = serviceFilter(req);
    let rendering: Rendering | undefined;
    try {
      const status = await cache.status();
      if (!onlyService(status, service)) {
        unknownService(
          res,
          service!,
          status.services.map((entry) => entry.name),
        );
        return;
      }
      rendering = await cache.rendering(`${format}|${service?.toLowerCase() ?? ''}|${key}`, (shared) =>
        // The view may have been rebuilt since the check above (a write): a service gone meanwhile shows empty.
        render(onlyService(shared, service) ?? { services: [], events: [] }),
      );
    } catch (error) {
      deps.logger.error({ err: error }, 'status page: the stored changes could not be read');
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Retry-After', '60');
      res.sendRaw(503, 'The maintenance status cannot be read right now; try again in a minute.\n');
      return;
    }
    send(req, res, rendering, vary);
  };

  server.get('/status', async (req: Request, res: Response) => {
    const language = chooseLanguage(req.headers['accept-language']);
    await serve(
      req,
      res,
      'page',
      language,
      (status) => ({
        type: 'text/html; charset=utf-8',
        body: statusPageHtml(status, { language, timeZone: deps.timeZone, now: deps.clock() }),
      }),
      'Accept-Language',
    );
  });
  server.get('/status/feed.atom', async (req: Request, res: Response) => {
    const base = baseUrl(req);
    await serve(req, res, 'atom', base, (status) => ({
      type: 'application/atom+xml; charset=utf-8',
      body: statusAtom(atomEvents(status), {
        baseUrl: base,
        service: serviceFilter(req),
        timeZone: deps.timeZone,
        now: deps.clock(),
      }),
    }));
  });
  server.get('/status/maintenance.ics', async (req: Request, res: Response) => {
    res.setHeader('Content-Disposition', 'inline; filename="maintenance.ics"');
    await serve(req, res, 'ics', '', (status) => ({
      type: 'text/calendar; charset=utf-8',
      body: statusCalendar(status, { timeZone: deps.timeZone, now: deps.clock() }),
    }));
  });
}

/** Feed links point back at the host the reader used; only a plain host name or address is accepted. */
function baseUrl(req: Request): string {
  const host = req.headers.host ?? '';
  const safe = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(host) ? host : 'localhost';
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme = forwarded === 'https' ? 'https' : 'http';
  return `${scheme}://${safe}`;
}

/** The status routes of a running bot: its store, its process file's service and time zone. */
export function statusPageRoutes(deps: {
  store: ChangeStore;
  process: ProcessDefinition;
  clock: Clock;
  logger: Logger;
  /** The store's write count (countingWrites): renderings are kept until it moves. */
  writes?: () => number;
}): (server: Server) => void {
  const changes = createStatusSource(deps.store);
  return (server) =>
    registerStatusRoutes(server, {
      changes,
      services: deps.process.services.map((service) => service.name),
      timeZone: deps.process.timeZone,
      clock: deps.clock,
      logger: deps.logger.child({ scope: 'status' }),
      ...(deps.writes ? { writes: deps.writes } : {}),
    });
}
