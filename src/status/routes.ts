import { createHash } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Clock, Logger } from '../app/ports';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { publicStatus, type PublicStatus } from '../domain/publicStatus';
import type { ChangeStore } from '../store/types';
import { statusAtom } from './atom';
import { statusCalendar } from './calendar';
import { statusPageHtml } from './page';
import { createStatusSource } from './source';
import { chooseLanguage } from './words';

export interface StatusRoutesDeps {
  /** The stored changes to show (all services). */
  changes: (now: Date) => Promise<Change[]>;
  /** The configured services, shown even with no maintenance. */
  services: readonly string[];
  timeZone: string;
  clock: Clock;
  logger: Logger;
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

function send(req: Request, res: Response, type: string, body: string, vary?: string): void {
  const etag = `"${createHash('sha256').update(type).update('\0').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('Cache-Control', CACHE_CONTROL);
  res.setHeader('ETag', etag);
  if (vary) res.setHeader('Vary', vary);
  const match = req.headers['if-none-match'];
  if (
    typeof match === 'string' &&
    match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
  ) {
    res.sendRaw(304, '');
    return;
  }
  res.setHeader('Content-Type', type);
  res.sendRaw(200, body);
}

function unknownService(res: Response, service: string, services: readonly string[]): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.sendRaw(
    404,
    `No service named "${service}". Known services: ${services.join(', ')}. Leave out ?service= for all of them.\n`,
  );
}

/**
 * GET /status, /status/feed.atom and /status/maintenance.ics: public views of the stored changes. Each
 * handler reads the changes, builds the public view at the clock's time and renders it; nothing else.
 */
export function registerStatusRoutes(server: Server, deps: StatusRoutesDeps): void {
  const view = async (req: Request, res: Response): Promise<PublicStatus | undefined> => {
    const now = deps.clock();
    let status: PublicStatus;
    try {
      status = publicStatus(await deps.changes(now), now, { services: deps.services });
    } catch (error) {
      deps.logger.error({ err: error }, 'status page: the stored changes could not be read');
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Retry-After', '60');
      res.sendRaw(503, 'The maintenance status cannot be read right now; try again in a minute.\n');
      return undefined;
    }
    const service = serviceFilter(req);
    const filtered = onlyService(status, service);
    if (!filtered) {
      unknownService(
        res,
        service!,
        status.services.map((entry) => entry.name),
      );
    }
    return filtered;
  };

  server.get('/status', async (req: Request, res: Response) => {
    const status = await view(req, res);
    if (!status) return;
    const language = chooseLanguage(req.headers['accept-language']);
    const html = statusPageHtml(status, { language, timeZone: deps.timeZone, now: deps.clock() });
    send(req, res, 'text/html; charset=utf-8', html, 'Accept-Language');
  });
  server.get('/status/feed.atom', async (req: Request, res: Response) => {
    const status = await view(req, res);
    if (!status) return;
    const atom = statusAtom(status, {
      baseUrl: baseUrl(req),
      service: serviceFilter(req),
      timeZone: deps.timeZone,
      now: deps.clock(),
    });
    send(req, res, 'application/atom+xml; charset=utf-8', atom);
  });
  server.get('/status/maintenance.ics', async (req: Request, res: Response) => {
    const status = await view(req, res);
    if (!status) return;
    const calendar = statusCalendar(status, { timeZone: deps.timeZone, now: deps.clock() });
    res.setHeader('Content-Disposition', 'inline; filename="maintenance.ics"');
    send(req, res, 'text/calendar; charset=utf-8', calendar);
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
}): (server: Server) => void {
  const changes = createStatusSource(deps.store);
  return (server) =>
    registerStatusRoutes(server, {
      changes,
      services: deps.process.services.map((service) => service.name),
      timeZone: deps.process.timeZone,
      clock: deps.clock,
      logger: deps.logger.child({ scope: 'status' }),
    });
}
