import type { Request, Response, Server } from 'restify';
import { isNotFound, type WebAnswer, type WebRoute } from '../web/route';
import { readForm } from './formIntake';
import type { IntakeBudget } from './intakeBudget';
import { sendNotFound } from './notFound';

const PROXY_PEER =
  /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|::ffff:(127|10)\.|f[cd][0-9a-f]{2}:)/i;

/**
 * The client a limit per client counts. Behind the reverse proxy of a deployment (App Service, nginx) every
 * request comes from the proxy's private address, so the last X-Forwarded-For hop, the one that proxy added, names
 * the client; a client talking to the bot directly cannot choose its key with a forged header.
 */
function clientOf(req: Request): string {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  if (!PROXY_PEER.test(peer) || typeof forwarded !== 'string') return peer;
  const hops = forwarded
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops.at(-1) ?? peer;
}

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
            client: clientOf(req),
          }),
        );
      });
      continue;
    }
    server.get(route.path, async (req: Request, res: Response) => {
      reply(res, await route.handle({ url: req.url ?? '/', headers: req.headers, client: clientOf(req) }));
    });
  }
}
