import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../app/ports';
import { isServing, type ReadinessReport } from '../health/readiness';
import { readActivity } from './activityIntake';
import { feedTokenMatches } from '../web/feedToken';
import {
  createIntakeBudget,
  DEFAULT_INTAKE_LIMITS,
  type IntakeBudget,
  type IntakeLimits,
} from './intakeBudget';
import { sendNotFound } from './notFound';
import { serveRoutes } from './routes';
import type { WebRoute } from '../web/route';

export interface HttpDeps {
  logger: Logger;
  /** Hands a POST /api/messages request to the bot adapter. */
  handleMessages: (req: Request, res: Response) => Promise<void>;
  /** The checks behind /readyz (src/health/readiness.ts): 'starting' until the bot is up. */
  readiness: () => Promise<ReadinessReport>;
  /** The iCalendar feed of announced windows. */
  /** The feed, of one service when `?service=` names one; undefined when it names no service of the file. */
  calendar: (service?: string) => Promise<string | undefined>;
  /** More GET routes, each from its own module (the public status page, the stats), free of restify. */
  routes?: readonly WebRoute[];
  /** The secret `?token=` of /calendar.ics; unset: the feed is off (404). */
  calendarToken?: string;
  /** How much body is read at once and how long a body may take (intakeBudget.ts); defaults otherwise. */
  intakeLimits?: Partial<IntakeLimits>;
  /** The budget itself, when the caller wants to watch it (tests, benchmarks); one from intakeLimits otherwise. */
  intakeBudget?: IntakeBudget;
}

/**
 * Node's own limits on the connection, below its defaults (60 s for headers, 300 s for the whole request): a
 * client that trickles its headers or its body must not keep a socket for minutes. Node enforces both on its
 * connection check, every 30 s by default; the body has its own, exact deadline (activityIntake.ts).
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A client that wrote a too-large or malformed body whole before reading (most do) must still read its refusal.
 * Closing a socket while its body is still arriving makes the kernel answer with a reset, which can overtake the
 * answer: the client sees EPIPE or ECONNRESET instead of 413 (the fuzz saw a few among 300 answers of 413).
 * So before those refusals, what is still coming is read and dropped, for at most a second and a megabyte; the
 * answer then goes out and the socket is closed with nothing unread on it. A stalled body (408) or a spent budget
 * (503) is answered at once: waiting there would hand the slow client the time the limit takes away.
 */
const DRAIN_STATUSES: ReadonlySet<number> = new Set([400, 413, 415]);
const DRAIN_MS = 1_000;
const DRAIN_BYTES = 1024 * 1024;

function drainBriefly(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

const ABOUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Change bot</title></head>
<body>
<h1>Change bot</h1>
<p>A Microsoft Teams bot that runs the team's change-management process: it posts the planning, approval,
announcement and maintenance cards of each change at the right time and keeps every step.</p>
<h2>Privacy</h2>
<p>The bot stores the changes typed into it (titles, descriptions, windows, tests, names and Entra object ids of
the people who act on them) and where to post in Teams, on the storage of the organisation that runs it. It
sends mail only to the addresses in the process file and in each change. Nothing is shared with anyone else.</p>
<h2>Terms of use</h2>
<p>Operated by the organisation that installed it, for its own teams. Ask your Teams administrator for help.</p>
</body></html>
`;

/** The restify server: the Bot Framework endpoint, health checks and the calendar feed. */
export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'change-bot', handleUncaughtExceptions: false });
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...deps.intakeLimits };
  const budget = deps.intakeBudget ?? createIntakeBudget(limits);
  // Refusals when the budget is spent come in floods (that is the point): one warning per burst, not per request.
  let unloggedRefusals = 0;
  // No body parser: only /api/messages has a body, read by activityIntake.ts (see why there).
  server.post('/api/messages', async (req: Request, res: Response) => {
    const intake = await readActivity(req, undefined, { budget, deadlineMs: limits.readDeadlineMs });
    if (!intake.ok) {
      if (intake.status !== 503 || unloggedRefusals++ === 0) {
        deps.logger.warn({ status: intake.status, reason: intake.reason }, 'request refused at intake');
        if (intake.status === 503) setTimeout(() => reportRefusals(), 10_000).unref();
      }
      if (intake.retryAfterSeconds !== undefined)
        res.setHeader('Retry-After', String(intake.retryAfterSeconds));
      if (DRAIN_STATUSES.has(intake.status)) await drainBriefly(req);
      // The rest of the body is never kept: close the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
      res.send(intake.status, { error: intake.reason });
      return;
    }
    req.body = intake.activity;
    await deps.handleMessages(req, res);
  });
  function reportRefusals(): void {
    if (unloggedRefusals > 1)
      deps.logger.warn(
        { status: 503, count: unloggedRefusals - 1 },
        'more requests refused at intake: too many bodies were being read at once',
      );
    unloggedRefusals = 0;
  }
  // The Teams manifest's website, privacy and terms links point here.
  server.get('/', async (_req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.sendRaw(200, ABOUT_PAGE);
  });
  // Clients (the Agents Playground among them) probe the endpoint with HEAD before they post to it.
  server.head('/api/messages', async (_req: Request, res: Response) => {
    res.send(204);
  });
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const report = await deps.readiness().catch((error: unknown): ReadinessReport => ({
      status: 'not-ready',
      checks: [{ name: 'readiness', state: 'failing', detail: `the checks could not run: ${String(error)}` }],
      failing: ['readiness'],
    }));
    res.send(isServing(report) ? 200 : 503, report);
  });
  server.get('/calendar.ics', async (req: Request, res: Response) => {
    if (!feedTokenMatches(deps.calendarToken, req.url ?? '')) {
      sendNotFound(res);
      return;
    }
    const service = new URL(req.url ?? '', 'http://localhost').searchParams.get('service') ?? undefined;
    const body = await deps.calendar(service);
    if (body === undefined) {
      res.send(404, { error: 'no such service: use a service name of the process file in ?service=' });
      return;
    }
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="changes.ics"');
    res.sendRaw(200, body);
  });
  serveRoutes(server, deps.routes ?? [], { budget, deadlineMs: limits.readDeadlineMs });
  // restify's own 404 for an unknown path gets the same body as every other "not found".
  server.on('NotFound', (_req: Request, res: Response, _error: Error, callback: () => void) => {
    sendNotFound(res);
    callback();
  });
  server.on('restifyError', (req: Request, _res: Response, error: Error, callback: () => void) => {
    const details = { url: req.url?.slice(0, 200), err: error.message.slice(0, 200) };
    const status = (error as { statusCode?: number }).statusCode;
    // A 4xx is the client's business (a wrong path, a wrong method): worth a debug line, not a warning.
    if (status !== undefined && status < 500) deps.logger.debug({ ...details, status }, 'request refused');
    else deps.logger.warn(details, 'request failed');
    callback();
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ port: address.port });
    });
  });
}
