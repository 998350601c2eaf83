import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../app/ports';

export interface HttpDeps {
  logger: Logger;
  /** Hands a POST /api/messages request to the bot adapter. */
  handleMessages: (req: Request, res: Response) => Promise<void>;
  /** True once the configuration is loaded, the store is readable and the scheduler runs. */
  isReady: () => Promise<boolean>;
  /** The iCalendar feed of announced windows. */
  calendar: () => Promise<string>;
}

/** The restify server: the Bot Framework endpoint, health checks and the calendar feed. */
export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'change-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    await deps.handleMessages(req, res);
  });
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const ready = await deps.isReady().catch(() => false);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'starting' });
  });
  server.get('/calendar.ics', async (_req: Request, res: Response) => {
    const body = await deps.calendar();
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="changes.ics"');
    res.sendRaw(200, body);
  });
  server.on('restifyError', (req: Request, _res: Response, error: Error, callback: () => void) => {
    deps.logger.warn({ url: req.url, err: error.message }, 'request failed');
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
