import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Clock, Logger } from '../app/ports';
import type { Blackout } from '../domain/blackouts';
import { boundedText } from '../domain/bounded';
import type { BlackoutCalendarSource, ProcessDefinition } from '../domain/process';
import type { ReadinessCheck } from '../health/readiness';
import { downloadCalendar, type DownloadLimits } from './calendarDownload';
import { parseBlackoutCalendar } from './icalBlackouts';

export const REFRESH_MS = 60 * 60 * 1000;
/**
 * Blackouts are expanded from a day back (one may be under way) to two years ahead, once per read: forms,
 * `help` and `list` read the result, never the calendar.
 */
const PAST_MS = 24 * 3600_000;
const HORIZON_MS = 2 * 365 * 24 * 3600_000;
/** Log fields that carry text from outside (a library's message, a file path) are cut to this. */
const LOG_FIELD_MAX = 300;

export interface BlackoutCalendar {
  /** The blackouts of the last good copy, expanded when it was read; none before one was read. */
  current(): readonly Blackout[];
  /** Reads the source again; a failure keeps the last good copy and is logged. Resolves whether or not it worked. */
  refresh(): Promise<boolean>;
  /** `blackoutCalendar` behind /readyz: degraded while the last read failed, naming the source and why. */
  readiness: ReadinessCheck;
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
  limits?: DownloadLimits;
  /** The parser; a test passes a counting one. */
  parse?: typeof parseBlackoutCalendar;
}

function describe(source: BlackoutCalendarSource): string {
  // A calendar URL often carries a secret token in its path or query: log the host only.
  return boundedText(source.kind === 'file' ? source.path : `${new URL(source.url).origin}/…`, LOG_FIELD_MAX);
}

function reasonOf(error: unknown): string {
  return boundedText(error instanceof Error ? error.message : String(error), LOG_FIELD_MAX);
}

/**
 * The blackout calendar: read from its file or URL (size and time capped), parsed with ical.js (every parse
 * ends: see STEP_BUDGET), its last good text kept beside the store so that a restart while the source is down
 * still knows the blackouts.
 */
export function createBlackoutCalendar(
  deps: BlackoutCalendarDeps,
): Omit<BlackoutCalendar, 'stop'> & { loadCopy(): Promise<void> } {
  const parse = deps.parse ?? parseBlackoutCalendar;
  let blackouts: readonly Blackout[] = [];
  /** The last good text: re-expanded when a read fails, so that the window keeps moving with the days. */
  let keptText: string | undefined;
  let failure: { reason: string; since: string } | undefined;
  const where = describe(deps.source);
  const expand = async (text: string) => {
    const now = deps.clock().getTime();
    return Object.freeze(
      await parse(text, {
        timeZone: deps.timeZone,
        from: new Date(now - PAST_MS),
        to: new Date(now + HORIZON_MS),
      }),
    );
  };
  return {
    current: () => blackouts,
    async loadCopy() {
      try {
        const copy = await downloadCalendar({ kind: 'file', path: deps.copyFile }, undefined, deps.limits);
        blackouts = await expand(copy);
        keptText = copy;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          deps.logger.warn(
            { err: reasonOf(error), file: boundedText(deps.copyFile, LOG_FIELD_MAX) },
            'the kept copy of the blackout calendar is unreadable',
          );
        }
      }
    },
    async refresh() {
      try {
        const fresh = await downloadCalendar(deps.source, deps.fetch ?? fetch, deps.limits);
        const expanded = await expand(fresh);
        blackouts = expanded;
        keptText = fresh;
        failure = undefined;
        const temp = `${deps.copyFile}.tmp`;
        await fs.mkdir(path.dirname(deps.copyFile), { recursive: true });
        await fs.writeFile(temp, fresh);
        await fs.rename(temp, deps.copyFile);
        deps.logger.info({ source: where, blackouts: expanded.length }, 'blackout calendar read');
        return true;
      } catch (error) {
        const reason = reasonOf(error);
        failure = { reason, since: failure?.since ?? deps.clock().toISOString() };
        const kept = keptText !== undefined;
        if (keptText !== undefined) {
          try {
            blackouts = await expand(keptText);
          } catch {
            // The copy was expanded before with the same budget; the blackouts it gave then stay.
          }
        }
        deps.logger.warn(
          { source: where, err: reason, kept },
          'the blackout calendar could not be read; the last good copy stays in force. Check the blackoutCalendar path or URL in the process file.',
        );
        return false;
      }
    },
    readiness: {
      name: 'blackoutCalendar',
      async run() {
        if (!failure) return { state: 'ok' };
        return {
          state: 'degraded',
          detail:
            `the blackout calendar ${where} could not be read since ${failure.since}: ${failure.reason.replace(/\.$/, '')}. ` +
            (keptText !== undefined
              ? 'The last good copy stays in force.'
              : 'No copy was ever read, so its blackouts are not enforced.') +
            ' Fix the calendar or the blackoutCalendar entry of the process file; it is read again every hour.',
        };
      },
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
  return { ...calendar, stop: () => clearInterval(timer) };
}
