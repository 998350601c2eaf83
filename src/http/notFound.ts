import type { Response } from 'restify';

/**
 * The one answer for a path that does not exist, or that exists only with a secret the request lacks
 * (/calendar.ics, /stats): the same body either way, so that a guess learns nothing, and no warning in the
 * log (scanners ask for such paths all day; a warning per request buries the ones that matter).
 */
export const NOT_FOUND_BODY = { error: 'not found' } as const;

export function sendNotFound(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.send(404, NOT_FOUND_BODY);
}
