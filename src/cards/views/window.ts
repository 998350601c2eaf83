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
  isReadOnlyView,
  statusText,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { snapshotStateText } from './states';
import { extensionLine, incidentLines, lastDrillText, NOTHING_MEASURED, type TextLine } from './restoreTime';
import { snapshotFigure } from '../../domain/drills';
import { serviceFacts, shortestRestore } from '../../domain/serviceFacts';

/** Cards of the day itself: snapshot, start, the implementer's controls, decision point, outcomes. */

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

export interface DecisionCardData extends ChangeHeaderData, ChangeFactsData {
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

export interface IncidentCardData extends ChangeHeaderData, ChangeFactsData {
  declaredText: string;
  restoreDurationText: string;
  lastDrillText: string;
  snapshotText: string;
  backupRestoreUrl: string;
  snapshotRestoreUrl: string;
  incidentProcessUrl: string;
  canAct: boolean;
  outcomeText: string;
}

export interface HandoffCardData extends ChangeHeaderData, ChangeFactsData {
  failedText: string;
  incidentProcessUrl: string;
}

export interface RestoredCardData extends ChangeHeaderData, ChangeFactsData {
  restoredText: string;
}

export interface TestResultData {
  label: string;
  passed: boolean;
  resultText: string;
}

export interface EndCardData extends ChangeHeaderData, ChangeFactsData {
  endedText: string;
  passedText: string;
  results: TestResultData[];
}

const IN_WINDOW = ['running', 'debugging'];

/** The snapshot is confirmed once GO is given, and may still be while the window runs. */
const SNAPSHOT_STATUSES = ['approved', 'running', 'debugging'];

/** A first guess the implementer can change before pressing Extend. */
const DEFAULT_EXTRA_MINUTES = 30;

function snapshotWarning(change: Change, process: ProcessDefinition): SnapshotWarningData {
  const { snapshot } = change;
  if (snapshot.state === 'done') return { snapshotWarning: false, snapshotWarningText: '' };
  const what =
    snapshot.state === 'started'
      ? `The data snapshot was started${snapshot.startedAt ? ` at ${formatTime(snapshot.startedAt, process.timeZone)}` : ''} but never confirmed as done.`
      : 'No data snapshot was confirmed before the start.';
  return {
    snapshotWarning: true,
    snapshotWarningText: `${what} Without it, a failed change can only be restored from the NAS backup.`,
  };
}

function endText(change: Change, process: ProcessDefinition): string {
  return (
    `The window ends at ${formatTime(change.window.end, process.timeZone)}; ` +
    `if it is not finished by ${formatTime(change.milestones.decision.due, process.timeZone)} you decide: solved, extend or incident.`
  );
}

export function snapshotView(
  change: Change,
  process: ProcessDefinition,
  opts: CardOptions,
): SnapshotCardData {
  const start = Date.parse(change.window.start);
  const facts = serviceFacts(process, change.service);
  const figure = snapshotFigure(
    (opts.measured ?? NOTHING_MEASURED).snapshots,
    change.service,
    facts.snapshot.duration.as('milliseconds'),
  );
  const latestStart = new Date(start - figure.durationMs);
  const open = SNAPSHOT_STATUSES.includes(change.status);
  return {
    ...changeHeader(change, process, opts, 'snapshot'),
    windowText: formatWindow(change.window, process.timeZone),
    stepsText: process.service.snapshotSteps,
    provider: process.service.provider,
    host: process.service.host,
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
        : `at ${formatTime(change.milestones.snapshot.due, process.timeZone)}`,
    latestStartText: formatTime(latestStart, process.timeZone),
    windowStartText: formatTime(change.window.start, process.timeZone),
    stateText: snapshotStateText(change, process),
    canStart: open && change.snapshot.state === 'none',
    canConfirmDone: open && change.snapshot.state !== 'done',
  };
}

export function startView(change: Change, process: ProcessDefinition, opts: CardOptions): StartCardData {
  return {
    ...changeHeader(change, process, opts, 'start'),
    ...changeFacts(change, process),
    ...snapshotWarning(change, process),
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
  header: ChangeHeaderData,
  opts: CardOptions,
): { open: boolean; canAct: boolean; outcomeText: string } {
  const open = IN_WINDOW.includes(change.status);
  const canAct = open && !isReadOnlyView(opts);
  return { open, canAct, outcomeText: canAct ? '' : open ? header.waitingText : statusText(change.status) };
}

export function controlView(change: Change, process: ProcessDefinition, opts: CardOptions): ControlCardData {
  const header = changeHeader(change, process, opts, 'start');
  return {
    ...header,
    ...changeFacts(change, process),
    ...snapshotWarning(change, process),
    endText: endText(change, process),
    tests: testToggles(change),
    ...windowActions(change, header, opts),
    debugging: change.status === 'debugging',
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
}

export function decisionView(
  change: Change,
  process: ProcessDefinition,
  opts: CardOptions,
): DecisionCardData {
  const header = changeHeader(change, process, opts, 'decision');
  const { canAct, outcomeText } = windowActions(change, header, opts);
  return {
    ...header,
    ...changeFacts(change, process),
    endText: `The window ends at ${formatTime(change.window.end, process.timeZone)}. Is the change finished?`,
    ...decisionCosts(change, process, opts),
    tests: testToggles(change),
    decisionMarginText: formatDuration(process.decisionBeforeEnd),
    canAct,
    outcomeText,
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
}

/** While the window is open: an incident now, by each restore path, and extending by the usual extra time. */
function decisionCosts(change: Change, process: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const measured = opts.measured ?? NOTHING_MEASURED;
  // The read-only view is not redrawn when people look at it (only the implementer's is): it names its time.
  const label = isReadOnlyView(opts)
    ? `Incident declared at ${formatTime(opts.now, process.timeZone)}`
    : 'Incident now';
  const costLines = [
    ...incidentLines(change, process, opts.now, label, measured),
    extensionLine(change, process, DEFAULT_EXTRA_MINUTES),
  ];
  return { costLines, hasCostLines: true };
}

export function extensionView(
  change: Change,
  process: ProcessDefinition,
  opts: CardOptions,
): ExtensionCardData {
  const last = change.extensions.at(-1);
  return {
    ...changeHeader(change, process, opts),
    ...changeFacts(change, process),
    newEndText: formatInstant(last?.newEnd ?? change.window.end, process.timeZone),
    previousEndText: formatInstant(last?.previousEnd ?? change.plannedEnd, process.timeZone),
    extraText: last ? formatMinutes(last.extraMinutes) : '',
    byText: last ? `${last.by.name}, ${formatInstant(last.at, process.timeZone)}` : '',
    ...extensionCosts(change, process, opts),
  };
}

/** After an extension: the same arithmetic for an incident declared at the new decision point. */
function extensionCosts(change: Change, process: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const decisionAt = new Date(change.milestones.decision.due);
  const label = `Incident at the decision point (${formatTime(decisionAt, process.timeZone)})`;
  const costLines = incidentLines(change, process, decisionAt, label, opts.measured ?? NOTHING_MEASURED);
  return { costLines, hasCostLines: costLines.length > 0 };
}

export function incidentView(
  change: Change,
  process: ProcessDefinition,
  opts: CardOptions,
): IncidentCardData {
  const { incident } = change;
  const outcome =
    incident?.outcome === 'restored'
      ? 'The service was restored.'
      : incident?.outcome === 'failed'
        ? 'The restore failed: the incident process took over.'
        : '';
  return {
    ...changeHeader(change, process, opts),
    ...changeFacts(change, process),
    declaredText: incident
      ? `Declared by ${incident.by.name}, ${formatInstant(incident.declaredAt, process.timeZone)}.`
      : '',
    restoreDurationText: formatDuration(snapshotPath(change, process)?.duration ?? process.restoreDuration),
    lastDrillText: lastDrillText(
      opts.measured ?? NOTHING_MEASURED,
      change.service,
      snapshotPath(change, process)?.name ?? '',
      process.timeZone,
    ),
    snapshotText: snapshotStateText(change, process),
    backupRestoreUrl: process.links.drpBackupRestore,
    snapshotRestoreUrl: process.links.drpSnapshotRestore,
    incidentProcessUrl: process.links.incidentProcess,
    canAct: change.status === 'incident',
    outcomeText: outcome,
  };
}

/** The incident card's figure: the fastest restore path with a known time (the data snapshot in the seed). */
function snapshotPath(change: Change, process: ProcessDefinition) {
  return shortestRestore(serviceFacts(process, change.service));
}

export function handoffView(change: Change, process: ProcessDefinition, opts: CardOptions): HandoffCardData {
  const at = change.incident?.outcomeAt ?? change.updatedAt;
  return {
    ...changeHeader(change, process, opts),
    ...changeFacts(change, process),
    failedText: `The restore failed (${formatInstant(at, process.timeZone)}). The incident process takes over from here.`,
    incidentProcessUrl: process.links.incidentProcess,
  };
}

export function restoredView(
  change: Change,
  process: ProcessDefinition,
  opts: CardOptions,
): RestoredCardData {
  const at = change.incident?.outcomeAt ?? change.updatedAt;
  return {
    ...changeHeader(change, process, opts),
    ...changeFacts(change, process),
    restoredText:
      `${change.service} was restored to its state before the change (${formatInstant(at, process.timeZone)}). ` +
      `The change is rolled back; it needs a new change request to be tried again.`,
  };
}

export function endView(change: Change, process: ProcessDefinition, opts: CardOptions): EndCardData {
  const results = change.tests.map((label, index) => {
    const passed = change.testResults[index] === true;
    return { label, passed, resultText: passed ? 'passed' : 'not confirmed' };
  });
  const passed = results.filter((r) => r.passed).length;
  return {
    ...changeHeader(change, process, opts),
    ...changeFacts(change, process),
    endedText: `Finished ${formatInstant(change.updatedAt, process.timeZone)}.`,
    passedText: `${passed} of ${results.length} passed`,
    results,
  };
}
