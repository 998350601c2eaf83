import type { IncomingHttpHeaders } from 'node:http';

/**
 * A GET route of the public pages, free of any web framework: only src/http knows restify (as only src/bot knows
 * botbuilder), and adapts these routes to it (src/http/routes.ts).
 */
export interface WebRoute {
  /** The path restify matches; other methods on it (HEAD included) get restify's 405, as every route does. */
  path: string;
  /** GET by default. A POST route gets its form body (application/x-www-form-urlencoded, a few KB) read. */
  method?: 'GET' | 'POST';
  handle: (request: WebRequest) => Promise<WebAnswer>;
}

/** What a route reads of a request. */
export interface WebRequest {
  /** The path and query as the client sent them (`/stats?token=…`): each route parses what it needs. */
  url: string;
  headers: IncomingHttpHeaders;
  /** A POST route's body, read whole and bounded (src/http/formIntake.ts). */
  body?: string;
  /** The client's address, for limits per client. */
  client?: string;
}

/** A whole answer: its body is known before it is written, so it goes out with its length, never chunked. */
export type WebAnswer = WebReply | NotFound;

export interface WebReply {
  status: number;
  headers: WebHeaders;
  body: string | Buffer;
}

export type WebHeaders = Readonly<Record<string, string | number>>;

/**
 * The server's one "not found" (src/http/notFound.ts): a path that needs a secret the request lacks answers
 * exactly as a path that does not exist.
 */
export interface NotFound {
  notFound: true;
}

export const NOT_FOUND: NotFound = { notFound: true };

export function isNotFound(answer: WebAnswer): answer is NotFound {
  return 'notFound' in answer;
}
