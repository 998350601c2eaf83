/**
 * A local HTTP server that plays Microsoft Graph's sendMail for the real Graph client: it records each
 * request and answers as scripted (202 by default; 429 with Retry-After, 5xx, 403, or no answer at all).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: Record<string, unknown>;
  /** The body as sent (a MIME message is base64 text, not JSON). */
  text: string;
}

export type GraphAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

export interface FakeGraph {
  /** Use as the client's baseUrl. */
  url: string;
  requests: GraphRequest[];
  /** Answers for the next requests, in order; 202 Accepted once they are used up. */
  script: GraphAnswer[];
  /** A fetch that refuses anything but this server, so a test can never reach the real Graph. */
  fetch: typeof fetch;
  stop(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: GraphRequest[] = [];
  const script: GraphAnswer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        body:
          text && req.headers['content-type']?.startsWith('application/json')
            ? (JSON.parse(text) as Record<string, unknown>)
            : {},
        text,
      });
      const answer = script.shift() ?? { status: 202 };
      if (answer === 'hang') return;
      // Like Graph: 202 Accepted comes with no body and no content type.
      const json = answer.body === undefined ? {} : { 'Content-Type': 'application/json' };
      res.writeHead(answer.status, { ...json, ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const guarded: typeof fetch = (input, init) => {
    const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!target.startsWith(url)) return Promise.reject(new Error(`test fetch refused ${target}`));
    return fetch(input, init);
  };
  return {
    url,
    requests,
    script,
    fetch: guarded,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function graphError(status: number, code: string, headers: Record<string, string> = {}): GraphAnswer {
  return { status, headers, body: { error: { code, message: `test Graph answered ${status}` } } };
}
