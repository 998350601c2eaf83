import type { Request, Response, Server } from 'restify';
import { isNotFound, type WebRoute } from '../web/route';
import { sendNotFound } from './notFound';

/** Serves the framework-free routes of the public pages (src/web/route.ts) on the restify server. */
export function serveRoutes(server: Server, routes: readonly WebRoute[]): void {
  for (const route of routes) {
    server.get(route.path, async (req: Request, res: Response) => {
      const answer = await route.handle({ url: req.url ?? '/', headers: req.headers });
      if (isNotFound(answer)) return sendNotFound(res);
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.sendRaw(answer.status, answer.body);
    });
  }
}
