import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The card's chart is a PNG that Teams fetches by URL. The URL must not carry the feed token itself (a card
 * in a channel is read by everyone there, and the token also opens /stats and /calendar.ics): it carries a
 * signature made with the token over exactly what it shows, so it opens that one image and nothing else.
 */

function signature(token: string, service: string, period: string): string {
  return createHmac('sha256', token).update(`chart\0${service}\0${period}`).digest('base64url');
}

/** The query string of the chart image of one service (or '' for all) and one period word. */
export function chartQuery(token: string, service: string, period: string): string {
  const query = new URLSearchParams({ period, sig: signature(token, service, period) });
  if (service) query.set('service', service);
  return query.toString();
}

/** True when the URL's `sig` was made with this token for the URL's own service and period. */
export function chartLinkMatches(token: string | undefined, url: string): boolean {
  if (!token) return false;
  let params: URLSearchParams;
  try {
    params = new URL(url, 'http://localhost').searchParams;
  } catch {
    return false;
  }
  const given = params.get('sig');
  if (!given) return false;
  const expected = Buffer.from(signature(token, params.get('service') ?? '', params.get('period') ?? ''));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Where Teams fetches the card's chart: on the bot's public host, when it has one and the feed token is set. */
export function chartUrl(
  publicHost: string | undefined,
  token: string | undefined,
  service: string | undefined,
  periodWord: string,
): string | undefined {
  if (!publicHost || !token) return undefined;
  return `https://${publicHost}/stats/chart.png?${chartQuery(token, service ?? '', periodWord)}`;
}
