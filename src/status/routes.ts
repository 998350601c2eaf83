import type { Clock, Logger, Mailer } from '../app/ports';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { atomEvents, publicStatus, type PublicStatus } from '../domain/publicStatus';
import { statusInLanguage } from '../domain/publicStatusText';
import type { ChangeStore } from '../store/types';
import type { WebReply, WebRequest, WebRoute } from '../web/route';
import { createStatusSource } from '../app/changeSource';
import { statusAtom } from './atom';
import { maintenancesJson } from './json';
import { statusCalendar } from './calendar';
import { statusPageHtml } from './page';
import { createRenderCache, STALE_FOR_MS, type Rendering } from './renderCache';
import { chooseLanguage, type Language } from '../i18n/languages';
import { DEFAULT_PAGE_LANGUAGES } from './words';
import { subscribeRoutes } from './subscribe';
import type { SubscriptionLinks } from '../web/subscriptionLinks';
import { subscribeFormHtml } from './subscribeForm';

export interface StatusRoutesDeps {
  /** The stored changes to show (all services). */
  changes: (now: Date) => Promise<Change[]>;
  /** The configured services, shown even with no maintenance. */
  services: readonly string[];
  timeZone: string;
  /** The public languages, the default first (the process file's `languages`); English and French if absent. */
  languages?: readonly Language[];
  clock: Clock;
  logger: Logger;
  /**
   * How many change writes this process made (countingWrites): the renderings are kept until it moves (see
   * renderCache.ts). Absent: nothing tells the routes of a write, so every request renders afresh.
   */
  writes?: () => number;
  /** STATUS_SUBSCRIPTIONS=on: the page shows the subscription form. */
  subscribeForm?: boolean;
}

/** Browsers and feed readers revalidate after a minute; the ETag makes that a cheap 304. */
const CACHE_CONTROL = 'public, max-age=60';

function serviceFilter(req: WebRequest): string | undefined {
  const value = new URL(req.url, 'http://status.invalid').searchParams.get('service');
  return value?.trim() ? value.trim() : undefined;
}

function askedLanguage(req: WebRequest): string | null {
  return new URL(req.url, 'http://status.invalid').searchParams.get('lang');
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

function send(req: WebRequest, rendering: Rendering, vary?: string): WebReply {
  const cached = { 'Cache-Control': CACHE_CONTROL, ETag: rendering.etag, ...(vary ? { Vary: vary } : {}) };
  const match = req.headers['if-none-match'];
  if (
    typeof match === 'string' &&
    match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === rendering.etag || tag.trim() === '*')
  ) {
    return { status: 304, headers: cached, body: '' };
  }
  return {
    status: 200,
    // With the length known the server does not chunk the answer.
    headers: { ...cached, 'Content-Type': rendering.type, 'Content-Length': rendering.body.length },
    body: rendering.body,
  };
}

function unknownService(service: string, services: readonly string[]): WebReply {
  return {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: `No service named "${service}". Known services: ${services.join(', ')}. Leave out ?service= for all of them.\n`,
  };
}

type Format = 'page' | 'atom' | 'ics' | 'json';

/** A rendering (or its 304) says its language; a refusal is plain English text and says nothing. */
function inLanguage(language: Language, answer: WebReply): WebReply {
  if (answer.status !== 200 && answer.status !== 304) return answer;
  return { ...answer, headers: { ...answer.headers, 'Content-Language': language } };
}

/**
 * GET /status, /status/feed.atom and /status/maintenance.ics: public views of the stored changes. The public
 * view and each rendering of it (per format, language and service) are built once and shared by every reader
 * until a write or the clock changes them (renderCache.ts).
 */
export function statusRoutes(deps: StatusRoutesDeps): WebRoute[] {
  const cache = createRenderCache({
    read: async (now) => publicStatus(await deps.changes(now), now, { services: deps.services }),
    clock: deps.clock,
    ...(deps.writes ? { writes: deps.writes, staleForMs: STALE_FOR_MS } : { ttlMs: 0 }),
  });

  const serve = async (
    req: WebRequest,
    format: Format,
    key: string,
    render: (status: PublicStatus) => { type: string; body: string },
    vary?: string,
  ): Promise<WebReply> => {
    const service = serviceFilter(req);
    let rendering: Rendering | undefined;
    try {
      const status = await cache.status();
      if (!onlyService(status, service)) {
        return unknownService(
          service!,
          status.services.map((entry) => entry.name),
        );
      }
      rendering = await cache.rendering(`${format}|${service?.toLowerCase() ?? ''}|${key}`, (shared) =>
        // The view may have been rebuilt since the check above (a write): a service gone meanwhile shows empty.
        render(onlyService(shared, service) ?? { services: [], events: [] }),
      );
    } catch (error) {
      deps.logger.error({ err: error }, 'status page: the stored changes could not be read');
      return {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' },
        body: 'The maintenance status cannot be read right now; try again in a minute.\n',
      };
    }
    return send(req, rendering, vary);
  };

  const languages = deps.languages ?? DEFAULT_PAGE_LANGUAGES;
  // Each rendering shows the public title and summary in its own language (the key names the language).
  const inOwn = (status: PublicStatus, language: Language) =>
    statusInLanguage(status, language, languages[0]);
  // The page follows the browser when no ?lang= is given; a feed or calendar URL names its language.
  const page = async (req: WebRequest): Promise<WebReply> => {
    const language = chooseLanguage(languages, req.headers['accept-language'], askedLanguage(req));
    return inLanguage(
      language,
      await serve(
        req,
        'page',
        language,
        (status) => ({
          type: 'text/html; charset=utf-8',
          body: statusPageHtml(inOwn(status, language), {
            language,
            languages,
            service: serviceFilter(req),
            timeZone: deps.timeZone,
            now: deps.clock(),
            ...(deps.subscribeForm ? { subscribeForm: subscribeFormHtml(deps.services) } : {}),
          }),
        }),
        'Accept-Language',
      ),
    );
  };
  const feed = async (req: WebRequest): Promise<WebReply> => {
    const base = baseUrl(req);
    const language = chooseLanguage(languages, undefined, askedLanguage(req));
    return inLanguage(
      language,
      await serve(req, 'atom', `${base}|${language}`, (status) => ({
        type: 'application/atom+xml; charset=utf-8',
        body: statusAtom(atomEvents(inOwn(status, language)), {
          baseUrl: base,
          service: serviceFilter(req),
          timeZone: deps.timeZone,
          now: deps.clock(),
          language,
          ...(language !== languages[0] ? { linkLanguage: language } : {}),
        }),
      })),
    );
  };
  const calendar = async (req: WebRequest): Promise<WebReply> => {
    const language = chooseLanguage(languages, undefined, askedLanguage(req));
    const answer = await serve(req, 'ics', language, (status) => ({
      type: 'text/calendar; charset=utf-8',
      body: statusCalendar(inOwn(status, language), { timeZone: deps.timeZone, now: deps.clock(), language }),
    }));
    // On every answer of the route, a 304 or a refusal too.
    return inLanguage(language, {
      ...answer,
      headers: { 'Content-Disposition': 'inline; filename="maintenance.ics"', ...answer.headers },
    });
  };

  const json = (req: WebRequest): Promise<WebReply> =>
    serve(req, 'json', '', (status) => ({
      type: 'application/json; charset=utf-8',
      body: maintenancesJson(status, deps.timeZone),
    }));

  return [
    { path: '/status', handle: page },
    { path: '/status/maintenances.json', handle: json },
    { path: '/status/feed.atom', handle: feed },
    { path: '/status/maintenance.ics', handle: calendar },
  ];
}

/** Feed links point back at the host the reader used; only a plain host name or address is accepted. */
function baseUrl(req: WebRequest): string {
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
  /** STATUS_SUBSCRIPTIONS=on: the form, the confirmation and unsubscribe routes. */
  subscriptions?: SubscriptionLinks & { mailer: Mailer };
}): WebRoute[] {
  const services = deps.process.services.map((service) => service.name);
  const subscriptions = deps.subscriptions
    ? subscribeRoutes({
        ...deps.subscriptions,
        subscribers: deps.store.subscribers,
        services,
        clock: deps.clock,
        logger: deps.logger,
      })
    : [];
  const routes = statusRoutes({
    changes: createStatusSource(deps.store),
    services,
    timeZone: deps.process.timeZone,
    ...(deps.process.languages ? { languages: deps.process.languages } : {}),
    clock: deps.clock,
    logger: deps.logger.child({ scope: 'status' }),
    ...(deps.writes ? { writes: deps.writes } : {}),
    ...(deps.subscriptions ? { subscribeForm: true } : {}),
  });
  return [...routes, ...subscriptions];
}
