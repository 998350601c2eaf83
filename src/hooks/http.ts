import { DeliveryFailure } from '../app/ports';

/** How long a webhook receiver or Alertmanager may take to answer before the outbox retries. */
export const HOOK_TIMEOUT_MS = 10_000;

/**
 * One HTTP call of a webhook or a silence, its failures sorted as the outbox retries them: a network error,
 * a timeout, 408, 429 and 5xx pass (429's Retry-After is honoured); any other 4xx will not get better.
 */
export async function call(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs = HOOK_TIMEOUT_MS,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new DeliveryFailure(`${init.method} ${url}: ${(error as Error).message}`, 'transient');
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return text;
  const what = `${init.method} ${url} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const seconds = Number(response.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
    throw new DeliveryFailure(what, 'transient', retryAfterMs);
  }
  throw new DeliveryFailure(what, 'permanent');
}
