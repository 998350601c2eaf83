import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import {
  formatDuration,
  formatInstant,
  formatMinutes,
  formatSeconds,
  formatTime,
  formatWindow,
} from '../format';
import {
  changeFacts,
  changeHeader,
  forWhomLabel,
  isReadOnlyView,
  statusText,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { snapshotStateText } from './states';
import { extensionLine, incidentLines, NOTHING_MEASURED, type TextLine } from './restoreTime';
import { snapshotFigure } from '../../domain/drills';
import { serviceFacts } from '../../domain/serviceFacts';

function pathNames(change: Change, proc: ProcessDefinition): string {
  return serviceFacts(proc, change)
    .restorePaths.map((path) => path.name)
    .join(', ');
}

/** Cards of the day itself: snapshot, start, the implementer's controls, the checkpoint, an extension. */

// How a window ends has its own file; re-exported so that imports of './window' keep working.
export * from './outcomes';

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

export interface SnapshotWarningData {
  snapshotWarning: boolean;
  snapshotWarningText: string;
}

export interface StartCardData extends ChangeHeaderData, ChangeFactsData, SnapshotWarningData {}

export interface TestToggleData {
  testId: string;
  number: number;
  label: string;
  checkedValue: 'true' | 'false';
}

export interface ControlCardData extends ChangeHeaderData, ChangeFactsData, SnapshotWarningData {
  endText: string;
  tests: TestToggleData[];
  /** The window is open (the implementer may still act), whoever looks at the card. */
  open: boolean;
  canAct: boolean;
  debugging: boolean;
  outcomeText: string;
  extraMinutesValue: number;
}

export interface CheckpointCardData extends ChangeHeaderData, ChangeFactsData {
  endText: string;
  /** What each choice costs in time, computed when the card is rendered (Teams refreshes it). */
  costLines: TextLine[];
  hasCostLines: boolean;
  tests: TestToggleData[];
  decisionMarginText: string;
  canAct: boolean;
  outcomeText: string;
  extraMinutesValue: number;
}

export interface ExtensionCardData extends ChangeHeaderData, ChangeFactsData {
  newEndText: string;
  previousEndText: string;
  extraText: string;
  byText: string;
  /** An incident declared at the new decision point: when the service would be back. */
  costLines: TextLine[];
  hasCostLines: boolean;
}

const IN_WINDOW = ['running', 'debugging'];

/** The snapshot is confirmed once GO is given, and may still be while the window runs. */
const SNAPSHOT_STATUSES = ['approved', 'running', 'debugging'];

/** A first guess the implementer can change before pressing Extend. */
const DEFAULT_EXTRA_MINUTES = 30;

function snapshotWarning(change: Change, proc: ProcessDefinition): SnapshotWarningData {
  const { snapshot } = change;
  if (snapshot.state === 'done') return { snapshotWarning: false, snapshotWarningText: '' };
  const what =
    snapshot.state === 'started'
      ? `The data snapshot was started${snapshot.startedAt ? ` at ${formatTime(snapshot.startedAt, proc.timeZone)}` : ''} but never confirmed as done.`
      : 'No data snapshot was confirmed before the start.';
  return {
    snapshotWarning: true,
    snapshotWarningText: `${what} Without it, a failed change can only be restored by a path that does not need it (restore paths: ${pathNames(change, proc)}).`,
  };
}

function endText(change: Change, proc: ProcessDefinition): string {
  return (
    `The window ends at ${formatTime(change.window.end, proc.timeZone)}; ` +
    `if it is not finished by ${formatTime(change.milestones.decision.due, proc.timeZone)} you decide: solved, extend or incident.`
  );
}

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

export function startView(change: Change, proc: ProcessDefinition, opts: CardOptions): StartCardData {
  return {
    ...changeHeader(change, proc, opts, 'start'),
    ...changeFacts(change, proc),
    ...snapshotWarning(change, proc),
  };
}

/** The checklist as stored: the control and the decision card show (and send back) the same ticks. */
function testToggles(change: Change): TestToggleData[] {
  return change.tests.map((label, index) => ({
    testId: `test-${index}`,
    number: index + 1,
    label,
    checkedValue: change.testResults[index] === true ? 'true' : 'false',
  }));
}

/** The implementer's buttons while the window is open; on the read-only view, who must act instead. */
function windowActions(
  change: Change,
  proc: ProcessDefinition,
  header: ChangeHeaderData,
  opts: CardOptions,
  what: string,
): { open: boolean; canAct: boolean; outcomeText: string; forWhom: boolean; forWhomText: string } {
  const open = IN_WINDOW.includes(change.status);
  const canAct = open && !isReadOnlyView(opts);
  return {
    open,
    canAct,
    outcomeText: canAct ? '' : open ? header.waitingText : statusText(change.status, proc),
    ...forWhomLabel(opts, canAct, what, 'decides'),
  };
}

export function controlView(change: Change, proc: ProcessDefinition, opts: CardOptions): ControlCardData {
  const header = changeHeader(change, proc, opts, 'start');
  return {
    ...header,
    ...changeFacts(change, proc),
    ...snapshotWarning(change, proc),
    endText: endText(change, proc),
    tests: testToggles(change),
    ...windowActions(change, proc, header, opts, 'Solved / Problem / Extend / Incident'),
    debugging: change.status === 'debugging',
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
}

export function checkpointView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): CheckpointCardData {
  const header = changeHeader(change, proc, opts, 'decision');
  const { canAct, outcomeText, forWhom, forWhomText } = windowActions(
    change,
    proc,
    header,
    opts,
    'Solved / Extend / Incident',
  );
  return {
    ...header,
    ...changeFacts(change, proc),
    endText: `The window ends at ${formatTime(change.window.end, proc.timeZone)}. Is the change finished?`,
    ...checkpointCosts(change, proc, opts),
    tests: testToggles(change),
    decisionMarginText: formatDuration(proc.decisionBeforeEnd),
    canAct,
    outcomeText,
    forWhom,
    forWhomText,
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
}

/** While the window is open: an incident now, by each restore path, and extending by the usual extra time. */
function checkpointCosts(change: Change, proc: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const measured = opts.measured ?? NOTHING_MEASURED;
  // Only the implementer's refreshed view is redrawn when they look at it; every other copy (the read-only
  // view, the card everyone sees, the 1:1 copy) is drawn once, so it names its time.
  const label =
    isReadOnlyView(opts) || opts.actionsFor !== undefined || opts.drawnOnce === true
      ? `Incident declared at ${formatTime(opts.now, proc.timeZone)}`
      : 'Incident now';
  const costLines = [
    ...incidentLines(change, proc, opts.now, label, measured),
    extensionLine(change, proc, DEFAULT_EXTRA_MINUTES),
  ];
  return { costLines, hasCostLines: true };
}

/** After an extension: the same arithmetic for an incident declared at the new decision point. */
function extensionCosts(change: Change, proc: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const decisionAt = new Date(change.milestones.decision.due);
  const label = `Incident at the decision point (${formatTime(decisionAt, proc.timeZone)})`;
  const costLines = incidentLines(change, proc, decisionAt, label, opts.measured ?? NOTHING_MEASURED);
  return { costLines, hasCostLines: costLines.length > 0 };
}

export function extensionView(change: Change, proc: ProcessDefinition, opts: CardOptions): ExtensionCardData {
  const last = change.extensions.at(-1);
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    newEndText: formatInstant(last?.newEnd ?? change.window.end, proc.timeZone),
    previousEndText: formatInstant(last?.previousEnd ?? change.plannedEnd, proc.timeZone),
    extraText: last ? formatMinutes(last.extraMinutes) : '',
    byText: last ? `${last.by.name}, ${formatInstant(last.at, proc.timeZone)}` : '',
    ...extensionCosts(change, proc, opts),
  };
}
