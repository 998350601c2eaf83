import type { Change } from '../../domain/change';
import {
  drillFigures,
  exceedsProcessFigure,
  RECENT,
  DRIFT_TOLERANCE,
  type RestoreDrill,
  type SnapshotTiming,
} from '../../domain/drills';
import type { ProcessDefinition } from '../../domain/process';
import { extensionCost, restoreCosts, windowShortfall, type RestoreCost } from '../../domain/restoreTime';
import { serviceFacts } from '../../domain/serviceFacts';
import { formatDay, formatSeconds, formatTime } from '../format';

/** What the store measured (restore drills, snapshot timings); the cards show it next to the process figures. */
export interface MeasuredFacts {
  drills: readonly RestoreDrill[];
  snapshots: readonly SnapshotTiming[];
}

export const NOTHING_MEASURED: MeasuredFacts = { drills: [], snapshots: [] };

export interface TextLine {
  text: string;
}

const ms = (value: number) => formatSeconds(value / 1000);

function againstEnd(pastEndMs: number, what: string): string {
  if (Math.abs(pastEndMs) < 60_000) return `at the end of ${what}`;
  return pastEndMs > 0 ? `${ms(pastEndMs)} after ${what}` : `${ms(-pastEndMs)} before the end of ${what}`;
}

/** "last drill: 52 min on Sat 3 Oct 2026", or nothing when the path was never drilled. */
export function lastDrillText(
  measured: MeasuredFacts,
  service: string,
  path: string,
  timeZone: string,
): string {
  const { last } = drillFigures(measured.drills, service, path);
  return last ? `last drill: ${ms(last.durationMs)} on ${formatDay(last.at, timeZone)}` : 'never drilled';
}

function costText(cost: RestoreCost, change: Change, proc: ProcessDefinition, measured: MeasuredFacts) {
  const drill = lastDrillText(measured, change.service, cost.path, proc.timeZone);
  return (
    `the restore takes about ${ms(cost.durationMs)} (${cost.path}; ${drill}), the service is back around ` +
    `${formatTime(cost.backAt, proc.timeZone)}, ${againstEnd(cost.pastEndMs, 'the window')}`
  );
}

/** One line per restore path with a known duration, for an incident declared at `from`. */
export function incidentLines(
  change: Change,
  proc: ProcessDefinition,
  from: Date,
  label: string,
  measured: MeasuredFacts,
): TextLine[] {
  return restoreCosts(change, proc, from).map((cost) => ({
    text: `${label}: ${costText(cost, change, proc, measured)}.`,
  }));
}

/** The line for extending by `extraMinutes`: the new end, the new decision point, an incident there. */
export function extensionLine(change: Change, proc: ProcessDefinition, extraMinutes: number): TextLine {
  const cost = extensionCost(change, proc, extraMinutes);
  const tz = proc.timeZone;
  const head =
    `Extend by ${ms(extraMinutes * 60_000)}: the window ends at ${formatTime(cost.newEnd, tz)}, ` +
    `you decide again at ${formatTime(cost.decisionAt, tz)}`;
  if (!cost.restore) return { text: `${head}.` };
  return {
    text:
      `${head}; an incident then has the service back around ${formatTime(cost.restore.backAt, tz)} ` +
      `(${cost.restore.path}), ${againstEnd(cost.restore.pastEndMs, 'the extended window')}.`,
  };
}

/** The warning for a window too short to restore in after a failed change; '' when it is long enough. */
export function shortWindowText(change: Change, proc: ProcessDefinition): string {
  const short = windowShortfall(change.window, change.downtimeMinutes, proc, change.service);
  if (!short) return '';
  return (
    `The window (${ms(short.windowMs)}) is shorter than the downtime (${ms(short.downtimeMs)}) + the decision ` +
    `margin (${ms(short.marginMs)}) + the shortest restore (${ms(short.restoreMs)}, ${short.restorePath}) = ` +
    `${ms(short.neededMs)}: if the change fails, the service cannot be restored before the window ends. ` +
    `Consider a longer window.`
  );
}

/** Restore paths whose recent drills take more than the tolerance longer than the process file says. */
export function drillDriftTexts(change: Change, proc: ProcessDefinition, measured: MeasuredFacts): string[] {
  return serviceFacts(proc, change.service).restorePaths.flatMap((path) => {
    if (!path.duration) return [];
    const processMs = path.duration.as('milliseconds');
    const figures = drillFigures(measured.drills, change.service, path.name);
    if (!exceedsProcessFigure(figures.recentMedianMs, processMs)) return [];
    const count = Math.min(figures.count, RECENT);
    return [
      `Restore drills of ${path.name} take longer than the process file says: the median of the last ` +
        `${count} drill${count === 1 ? '' : 's'} is ${ms(figures.recentMedianMs!)}, the process figure ` +
        `${ms(processMs)} (more than ${Math.round(DRIFT_TOLERANCE * 100)} % over). Plan with the measured time ` +
        `or update the process file.`,
    ];
  });
}

/**
 * Warnings before the window: too short to restore in, restore drills slower than the process file. The
 * form answer (created, rescheduled) shows the first; the pre-check card and `show` both.
 */
export function restoreWarnings(
  change: Change,
  proc: ProcessDefinition,
  measured: MeasuredFacts | undefined,
  withDrills: boolean,
): { hasRestoreWarnings: boolean; restoreWarnings: TextLine[] } {
  const texts = [
    shortWindowText(change, proc),
    ...(withDrills ? drillDriftTexts(change, proc, measured ?? NOTHING_MEASURED) : []),
  ].filter((text) => text !== '');
  return { hasRestoreWarnings: texts.length > 0, restoreWarnings: texts.map((text) => ({ text })) };
}
