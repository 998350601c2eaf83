import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatDuration, formatInstant } from '../format';
import {
  changeFacts,
  changeHeader,
  forWhomLabel,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { snapshotStateText } from './states';
import { lastDrillText, NOTHING_MEASURED, type MeasuredFacts } from './restoreTime';
import { serviceFacts, shortestRestore } from '../../domain/serviceFacts';

/** Cards of how a window ends: an incident and its restore or hand-off, or the end with its test results. */

export interface IncidentCardData extends ChangeHeaderData, ChangeFactsData {
  declaredText: string;
  /** The restore paths of the change's service, in process-file order. */
  restorePaths: RestorePathData[];
  /** The shortest known restore time ("1 h"), for the mail; "an unknown time" when no path has one. */
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

function restorePathsOf(change: Change, proc: ProcessDefinition, measured: MeasuredFacts): RestorePathData[] {
  return serviceFacts(proc, change).restorePaths.map((path) => ({
    name: path.name,
    description: path.description,
    // The process file's figure, and next to it what the last drill of this path measured.
    durationText: path.duration
      ? `It takes about ${formatDuration(path.duration)} (${lastDrillText(measured, change.service, path.name, proc.timeZone)}).`
      : 'The time depends on how much must be restored.',
    linkTitle: `${path.name} restore steps`,
    linkUrl: path.link,
  }));
}

function restoreTimeText(change: Change, proc: ProcessDefinition): string {
  const fastest = shortestRestore(serviceFacts(proc, change));
  return fastest ? formatDuration(fastest.duration) : 'an unknown time';
}

export function incidentView(change: Change, proc: ProcessDefinition, opts: CardOptions): IncidentCardData {
  const { incident } = change;
  const outcome =
    incident?.outcome === 'restored'
      ? 'The service was restored.'
      : incident?.outcome === 'failed'
        ? 'The restore failed: the incident process took over.'
        : '';
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    declaredText: incident
      ? `Declared by ${incident.by.name}, ${formatInstant(incident.declaredAt, proc.timeZone)}.`
      : '',
    restorePaths: restorePathsOf(change, proc, opts.measured ?? NOTHING_MEASURED),
    restoreDurationText: restoreTimeText(change, proc),
    snapshotText: snapshotStateText(change, proc),
    incidentProcessUrl: proc.links.incidentProcess,
    canAct: change.status === 'incident',
    ...forWhomLabel(opts, change.status === 'incident', 'Restored / Restore failed', 'reports'),
    outcomeText: outcome,
  };
}

export function handoffView(change: Change, proc: ProcessDefinition, opts: CardOptions): HandoffCardData {
  const at = change.incident?.outcomeAt ?? change.updatedAt;
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    failedText: `The restore failed (${formatInstant(at, proc.timeZone)}). The incident process takes over from here.`,
    incidentProcessUrl: proc.links.incidentProcess,
  };
}

export function restoredView(change: Change, proc: ProcessDefinition, opts: CardOptions): RestoredCardData {
  const at = change.incident?.outcomeAt ?? change.updatedAt;
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    restoredText:
      `${change.service} was restored to its state before the change (${formatInstant(at, proc.timeZone)}). ` +
      `The change is rolled back; it needs a new change request to be tried again.`,
  };
}

export function endView(change: Change, proc: ProcessDefinition, opts: CardOptions): EndCardData {
  const results = change.tests.map((label, index) => {
    const passed = change.testResults[index] === true;
    return { label, passed, resultText: passed ? 'passed' : 'not confirmed' };
  });
  const passed = results.filter((r) => r.passed).length;
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    endedText: `Finished ${formatInstant(change.updatedAt, proc.timeZone)}.`,
    passedText: `${passed} of ${results.length} passed`,
    results,
  };
}
