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
    snapshotWarningText: `${what} Without it, a failed change can only be restored from the NAS backup.`,
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
  const latestStart = new Date(start - proc.snapshot.duration.as('milliseconds'));
  const open = SNAPSHOT_STATUSES.includes(change.status);
  return {
    ...changeHeader(change, proc, opts, 'snapshot'),
    windowText: formatWindow(change.window, proc.timeZone),
    stepsText: proc.service.snapshotSteps,
    provider: proc.service.provider,
    host: proc.service.host,
    durationText: formatDuration(proc.snapshot.duration),
    startText:
      opts.now.getTime() >= Date.parse(change.milestones.snapshot.due)
        ? 'now'
        : `at ${formatTime(change.milestones.snapshot.due, proc.timeZone)}`,
    latestStartText: formatTime(latestStart, proc.timeZone),
    windowStartText: formatTime(change.window.start, proc.timeZone),
    stateText: snapshotStateText(change, proc),
    canStart: open && change.snapshot.state === 'none',
    canConfirmDone: open && change.snapshot.state !== 'done',
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
): { open: boolean; canAct: boolean; outcomeText: string } {
  const open = IN_WINDOW.includes(change.status);
  const canAct = open && !isReadOnlyView(opts);
  return {
    open,
    canAct,
    outcomeText: canAct ? '' : open ? header.waitingText : statusText(change.status, proc),
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
    ...windowActions(change, proc, header, opts),
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
  const { canAct, outcomeText } = windowActions(change, proc, header, opts);
  return {
    ...header,
    ...changeFacts(change, proc),
    endText: `The window ends at ${formatTime(change.window.end, proc.timeZone)}. Is the change finished?`,
    tests: testToggles(change),
    decisionMarginText: formatDuration(proc.decisionBeforeEnd),
    canAct,
    outcomeText,
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
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
  };
}
