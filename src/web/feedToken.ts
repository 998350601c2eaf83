import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * True when the request URL carries `?token=` equal to the configured feed token. Both sides are hashed
 * first so that timingSafeEqual compares equal lengths and the time taken says nothing about the token.
 * No token configured: the feed is off, whatever the request says.
 */
export function feedTokenMatches(expected: string | undefined, url: string): boolean {
  if (!expected) return false;
  let given: string | null;
  try {
    given = new URL(url, 'http://localhost').searchParams.get('token');
  } catch {
    return false;
  }
  if (!given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}
