import { promises as fs } from 'node:fs';
import type { BlackoutCalendarSource } from '../domain/process';

/** A school's calendar of several years is well under 2 MB; past this the text is refused unread. */
export const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;
/** The whole download (connection, redirects, body) must be over by then. */
export const DOWNLOAD_TIMEOUT_MS = 15_000;
/** Calendar hosts move a feed once or twice; a chain longer than this is a loop. */
const MAX_REDIRECTS = 3;

export interface DownloadLimits {
  maxBytes?: number;
  timeoutMs?: number;
}

/** Why a download was refused: its message says what to fix, and holds no URL path or query (secrets). */
export class CalendarDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarDownloadError';
  }
}

/**
 * The same rule as the process file's blackoutCalendar: https, or plain http on loopback only (tests, a local
 * proxy). A redirect is followed only to a URL that passes it too.
 */
export function allowedCalendarUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** The text of the source, at most `maxBytes`, within `timeoutMs`; throws CalendarDownloadError otherwise. */
export async function downloadCalendar(
  source: BlackoutCalendarSource,
  fetcher: typeof fetch = fetch,
  limits: DownloadLimits = {},
): Promise<string> {
  const maxBytes = limits.maxBytes ?? MAX_CALENDAR_BYTES;
  if (source.kind === 'file') return readFileCapped(source.path, maxBytes);
  const signal = AbortSignal.timeout(limits.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  try {
    let url = new URL(source.url);
    for (let redirects = 0; ; redirects++) {
      const response = await fetcher(url, {
        signal,
        redirect: 'manual',
        headers: { Accept: 'text/calendar' },
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        const next = location ? safeUrl(location, url) : undefined;
        if (!next || !allowedCalendarUrl(next)) {
          throw new CalendarDownloadError(
            `the server answered ${response.status} and redirects to ${next ? next.origin : 'no valid URL'}, ` +
              'which is neither https nor loopback. Put the final https URL of the calendar in the process file.',
          );
        }
        if (redirects >= MAX_REDIRECTS) {
          throw new CalendarDownloadError(
            `the server redirected more than ${MAX_REDIRECTS} times. Put the final URL of the calendar in the process file.`,
          );
        }
        url = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CalendarDownloadError(`the server answered ${response.status}`);
      }
      return await readCapped(response, maxBytes);
    }
  } catch (error) {
    if (error instanceof CalendarDownloadError) throw error;
    if (signal.aborted) {
      throw new CalendarDownloadError(
        `the download took longer than ${Math.round((limits.timeoutMs ?? DOWNLOAD_TIMEOUT_MS) / 1000)} s`,
      );
    }
    throw new CalendarDownloadError(`the download failed (${(error as Error).name})`);
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function tooLarge(maxBytes: number): CalendarDownloadError {
  return new CalendarDownloadError(
    `the calendar is larger than ${Math.round(maxBytes / 1024)} KB. Export only the blackouts (a calendar of its own), or the coming years.`,
  );
}

/** Reads the body as it comes and stops at the cap: a huge answer is never held whole. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readFileCapped(file: string, maxBytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    // One byte more than the cap tells a file at the cap from a larger one, without reading the rest.
    const buffer = Buffer.alloc(maxBytes + 1);
    let size = 0;
    while (size < buffer.length) {
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, size);
      if (bytesRead === 0) break;
      size += bytesRead;
    }
    if (size > maxBytes) throw tooLarge(maxBytes);
    return buffer.subarray(0, size).toString('utf8');
  } finally {
    await handle.close();
  }
}
