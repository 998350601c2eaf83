import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { DeliveryFailure } from '../app/ports';

type ConnectorClientOptions = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]
>;
type HttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type ConnectorRequest = Parameters<HttpClient['sendRequest']>[0];
type ConnectorResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyOf(request: ConnectorRequest): string | Buffer | undefined {
  const body: unknown = request.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  return JSON.stringify(body);
}

/**
 * The HTTP client under botbuilder's Bot Connector client, which would otherwise retry 429 and 5xx itself,
 * in process, sleeping for Retry-After. A post still sleeping there when the poster stops waiting can go out
 * later and then be sent again by the outbox. So this client answers those at once: 429, 5xx and no answer
 * within `timeoutMs` become a DeliveryFailure (the connector client passes it through untouched, without
 * retrying), and the outbox retries, durably, after Retry-After or with backoff. The request is aborted at
 * the time limit, so it cannot arrive after the outbox gave up on it. 2xx and 4xx go back as usual.
 */
export function failFastHttpClient(options: { timeoutMs: number; fetch?: typeof fetch }): HttpClient {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async sendRequest(request: ConnectorRequest): Promise<ConnectorResponse> {
      const limit = AbortSignal.timeout(options.timeoutMs);
      const signal = request.abortSignal
        ? AbortSignal.any([request.abortSignal as AbortSignal, limit])
        : limit;
      let status: number;
      let headers: Headers;
      let bodyAsText: string;
      try {
        const response = await fetchImpl(request.url, {
          method: request.method,
          headers: request.headers.toJson(),
          body: bodyOf(request),
          signal,
        });
        status = response.status;
        headers = response.headers;
        bodyAsText = await response.text();
      } catch {
        throw new DeliveryFailure(
          limit.aborted
            ? `no answer from the connector in ${options.timeoutMs} ms`
            : 'the connector could not be reached',
          'transient',
        );
      }
      if (status === 429 || status >= 500) {
        throw new DeliveryFailure(
          status === 429 ? 'throttled (429)' : `connector error ${status}`,
          'transient',
          retryAfterMs(headers.get('retry-after')),
        );
      }
      const headerValues = Object.fromEntries(headers.entries());
      // The connector client reads the status, the body text and the headers (through toJson) only.
      return {
        request,
        status,
        bodyAsText,
        headers: { toJson: () => headerValues, get: (name: string) => headers.get(name) ?? undefined },
      } as unknown as ConnectorResponse;
    },
  };
}
