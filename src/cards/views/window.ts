import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { serviceFacts } from '../../domain/serviceFacts';
import { formatTime } from '../format';
import {
  changeFacts,
  changeHeader,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { DEFAULT_EXTRA_MINUTES, testToggles, windowActions, type TestToggleData } from './windowActions';

/** Cards of the day itself: snapshot, start, the implementer's controls, the checkpoint, an extension. */

// How a window ends, the snapshot and the checkpoint have their own files; re-exported so that imports of
// './window' keep working.
export * from './outcomes';
export * from './snapshot';
export * from './checkpoint';
export type { TestToggleData } from './windowActions';

export interface SnapshotWarningData {
  snapshotWarning: boolean;
  snapshotWarningText: string;
}

export interface StartCardData extends ChangeHeaderData, ChangeFactsData, SnapshotWarningData {}

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

function pathNames(change: Change, proc: ProcessDefinition): string {
  return serviceFacts(proc, change)
    .restorePaths.map((path) => path.name)
    .join(', ');
}

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

export function startView(change: Change, proc: ProcessDefinition, opts: CardOptions): StartCardData {
  return {
    ...changeHeader(change, proc, opts, 'start'),
    ...changeFacts(change, proc),
    ...snapshotWarning(change, proc),
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
