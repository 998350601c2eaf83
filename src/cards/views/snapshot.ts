import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { snapshotFigure } from '../../domain/drills';
import { serviceFacts } from '../../domain/serviceFacts';
import { formatDuration, formatSeconds, formatTime, formatWindow } from '../format';
import { changeHeader, forWhomLabel, type CardOptions, type ChangeHeaderData } from './common';
import { NOTHING_MEASURED } from './restoreTime';
import { snapshotStateText } from './states';

/** The snapshot card: what to run before the window, for how long, and by when to start. */

export interface SnapshotCardData extends ChangeHeaderData {
  windowText: string;
  stepsText: string;
  provider: string;
  host: string;
  durationText: string;
  startText: string;
  latestStartText: string;
  windowStartText: string;
  stateText: string;
  canStart: boolean;
  canConfirmDone: boolean;
  /** Which figure `durationText` is: the process file's, or the measured median when that is longer. */
  durationNoteText: string;
}

/** The snapshot is confirmed once GO is given, and may still be while the window runs. */
const SNAPSHOT_STATUSES = ['approved', 'running', 'debugging'];

export function snapshotView(change: Change, proc: ProcessDefinition, opts: CardOptions): SnapshotCardData {
  const start = Date.parse(change.window.start);
  const facts = serviceFacts(proc, change.service);
  const figure = snapshotFigure(
    (opts.measured ?? NOTHING_MEASURED).snapshots,
    change.service,
    facts.snapshot.duration.as('milliseconds'),
  );
  const latestStart = new Date(start - figure.durationMs);
  const open = SNAPSHOT_STATUSES.includes(change.status);
  return {
    ...changeHeader(change, proc, opts, 'snapshot'),
    windowText: formatWindow(change.window, proc.timeZone),
    stepsText: proc.service.snapshotSteps,
    provider: proc.service.provider,
    host: proc.service.host,
    durationText: formatSeconds(figure.durationMs / 1000),
    durationNoteText:
      figure.source === 'measured'
        ? `Measured: the median of the last ${figure.measuredCount} snapshots of ${change.service} is longer than the process file's ${formatDuration(facts.snapshot.duration)}.`
        : figure.measuredMedianMs !== undefined
          ? `The process file's figure (the measured median of the last ${figure.measuredCount} snapshots is ${formatSeconds(figure.measuredMedianMs / 1000)}).`
          : "The process file's figure (no snapshot of this service was timed yet).",
    startText:
      opts.now.getTime() >= Date.parse(change.milestones.snapshot.due)
        ? 'now'
        : `at ${formatTime(change.milestones.snapshot.due, proc.timeZone)}`,
    latestStartText: formatTime(latestStart, proc.timeZone),
    windowStartText: formatTime(change.window.start, proc.timeZone),
    stateText: snapshotStateText(change, proc),
    canStart: open && change.snapshot.state === 'none',
    canConfirmDone: open && change.snapshot.state !== 'done',
    ...forWhomLabel(opts, open && change.snapshot.state !== 'done', 'Snapshot', 'confirms'),
  };
}
