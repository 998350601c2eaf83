import type { Request, Response, Server } from 'restify';
import { isNotFound, type WebAnswer, type WebRoute } from '../web/route';
import { readForm } from './formIntake';
import type { IntakeBudget } from './intakeBudget';
import { sendNotFound } from './notFound';

/** Serves the framework-free routes of the public pages (src/web/route.ts) on the restify server. */
export function serveRoutes(
  server: Server,
  routes: readonly WebRoute[],
  intake: { budget: IntakeBudget; deadlineMs: number },
): void {
  const reply = (res: Response, answer: WebAnswer): void => {
    if (isNotFound(answer)) return sendNotFound(res);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.sendRaw(answer.status, answer.body);
  };
  for (const route of routes) {
    const client = (req: Request) => req.socket.remoteAddress ?? '';
    if (route.method === 'POST') {
      server.post(route.path, async (req: Request, res: Response) => {
        const form = await readForm(req, intake);
        if (!form.ok) {
          // What was not read must not be read as the next request: close once the answer is out.
          res.setHeader('Connection', 'close');
          res.once('finish', () => req.destroy());
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.sendRaw(form.status, `${form.reason}\n`);
          return;
        }
        reply(
          res,
          await route.handle({
            url: req.url ?? '/',
            headers: req.headers,
            body: form.body,
            client: client(req),
          }),
        );
      });
      continue;
    }
    server.get(route.path, async (req: Request, res: Response) => {
      reply(res, await route.handle({ url: req.url ?? '/', headers: req.headers, client: client(req) }));
    });
  }
}
