import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatDuration, formatInstant, formatMinutes, formatTime, formatWindow } from '../format';
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
import { serviceFacts, shortestRestore } from '../../domain/serviceFacts';

function restorePathsOf(change: Change, process: ProcessDefinition): RestorePathData[] {
  return serviceFacts(process, change).restorePaths.map((path) => ({
    name: path.name,
    description: path.description,
    durationText: path.duration
      ? `It takes about ${formatDuration(path.duration)}.`
      : 'The time depends on how much must be restored.',
    linkTitle: `${path.name} restore steps`,
    linkUrl: path.link,
  }));
}

function restoreTimeText(change: Change, process: ProcessDefinition): string {
  const fastest = shortestRestore(serviceFacts(process, change));
  return fastest ? formatDuration(fastest.duration) : 'an unknown time';
}

function pathNames(change: Change, process: ProcessDefinition): string {
  return serviceFacts(process, change)
    .restorePaths.map((path) => path.name)
    .join(', ');
}

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
}

export interface IncidentCardData extends ChangeHeaderData, ChangeFactsData {
  declaredText: string;
  /** The restore paths of the change's service, in process-file order (empty text where unknown). */
  restorePaths: RestorePathData[];
  /** The shortest known restore time ("1 h"), for the mail; "unknown" when no path has a duration. */
  restoreDurationText: string;
  snapshotText: string;
  incidentProcessUrl: string;
  canAct: boolean;
  outcomeText: string;
}

export interface RestorePathData {
  name: string;
  description: string;
  durationText: string;
  linkTitle: string;
  linkUrl: string;
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
    snapshotWarningText: `${what} Without it, a failed change can only be restored by a path that does not need it (restore paths: ${pathNames(change, process)}).`,
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
  const latestStart = new Date(start - process.snapshot.duration.as('milliseconds'));
  const open = SNAPSHOT_STATUSES.includes(change.status);
  return {
    ...changeHeader(change, process, opts, 'snapshot'),
    windowText: formatWindow(change.window, process.timeZone),
    stepsText: process.service.snapshotSteps,
    provider: process.service.provider,
    host: process.service.host,
    durationText: formatDuration(process.snapshot.duration),
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
    tests: testToggles(change),
    decisionMarginText: formatDuration(process.decisionBeforeEnd),
    canAct,
    outcomeText,
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
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
  };
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
    restorePaths: restorePathsOf(change, process),
    restoreDurationText: restoreTimeText(change, process),
    snapshotText: snapshotStateText(change, process),
    incidentProcessUrl: process.links.incidentProcess,
    canAct: change.status === 'incident',
    outcomeText: outcome,
  };
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
