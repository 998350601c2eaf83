import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Clock, Logger } from '../app/ports';
import type { Blackout } from '../domain/blackouts';
import type { BlackoutCalendarSource, ProcessDefinition } from '../domain/process';
import { parseBlackoutCalendar } from './icalBlackouts';

export const REFRESH_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 15_000;
/** Blackouts are read from a day back (one may be under way) to about a year and a month ahead. */
const PAST_MS = 24 * 3600_000;
const HORIZON_MS = 400 * 24 * 3600_000;

export interface BlackoutCalendar {
  /** The blackouts of the last good copy; none before one was read. */
  current(): Blackout[];
  /** Reads the source again; a failure keeps the last good copy and is logged. Resolves whether or not it worked. */
  refresh(): Promise<boolean>;
  stop(): void;
}

export interface BlackoutCalendarDeps {
  source: BlackoutCalendarSource;
  timeZone: string;
  /** Where the last good copy is kept (DATA_DIR/blackout-calendar.ics). */
  copyFile: string;
  logger: Logger;
  clock: Clock;
  fetch?: typeof fetch;
}

function describe(source: BlackoutCalendarSource): string {
  // A calendar URL often carries a secret token in its path or query: log the host only.
  return source.kind === 'file' ? source.path : `${new URL(source.url).origin}/…`;
}

async function read(source: BlackoutCalendarSource, fetcher: typeof fetch): Promise<string> {
  if (source.kind === 'file') return fs.readFile(source.path, 'utf8');
  const response = await fetcher(source.url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: { Accept: 'text/calendar' },
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return response.text();
}

/**
 * The blackout calendar: read from its file or URL, parsed with ical.js, its last good text kept beside the
 * store so that a restart while the source is down still knows the blackouts.
 */
export function createBlackoutCalendar(
  deps: BlackoutCalendarDeps,
): BlackoutCalendar & { loadCopy(): Promise<void> } {
  let text: string | undefined;
  const where = describe(deps.source);
  const parse = (candidate: string) => {
    const now = deps.clock().getTime();
    return parseBlackoutCalendar(candidate, {
      timeZone: deps.timeZone,
      from: new Date(now - PAST_MS),
      to: new Date(now + HORIZON_MS),
    });
  };
  return {
    current() {
      if (text === undefined) return [];
      try {
        return parse(text);
      } catch {
        return [];
      }
    },
    async loadCopy() {
      try {
        const copy = await fs.readFile(deps.copyFile, 'utf8');
        parse(copy);
        text = copy;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          deps.logger.warn(
            { err: error, file: deps.copyFile },
            'the kept copy of the blackout calendar is unreadable',
          );
        }
      }
    },
    async refresh() {
      try {
        const fresh = await read(deps.source, deps.fetch ?? fetch);
        const blackouts = parse(fresh);
        text = fresh;
        const temp = `${deps.copyFile}.tmp`;
        await fs.mkdir(path.dirname(deps.copyFile), { recursive: true });
        await fs.writeFile(temp, fresh);
        await fs.rename(temp, deps.copyFile);
        deps.logger.info({ source: where, blackouts: blackouts.length }, 'blackout calendar read');
        return true;
      } catch (error) {
        deps.logger.warn(
          { source: where, err: (error as Error).message, kept: text !== undefined },
          'the blackout calendar could not be read; the last good copy stays in force. Check the blackoutCalendar path or URL in the process file.',
        );
        return false;
      }
    },
    stop() {
      // Nothing runs between refreshes; startBlackoutCalendar owns the hourly timer.
    },
  };
}

/** The process file's blackout calendar, read at start and every hour; undefined when there is none. */
export async function startBlackoutCalendar(
  proc: ProcessDefinition,
  dataDir: string,
  logger: Logger,
  clock: Clock = () => new Date(),
): Promise<BlackoutCalendar | undefined> {
  if (!proc.blackoutCalendar) return undefined;
  const calendar = createBlackoutCalendar({
    source: proc.blackoutCalendar,
    timeZone: proc.timeZone,
    copyFile: path.join(dataDir, 'blackout-calendar.ics'),
    logger: logger.child({ scope: 'blackouts' }),
    clock,
  });
  await calendar.loadCopy();
  await calendar.refresh();
  const timer = setInterval(() => void calendar.refresh(), REFRESH_MS);
  timer.unref();
  return { current: calendar.current, refresh: calendar.refresh, stop: () => clearInterval(timer) };
}
