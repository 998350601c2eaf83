import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatDuration, formatInstant } from '../format';
import {
  changeFacts,
  changeHeader,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { snapshotStateText } from './states';

/** Cards of how a window ends: an incident and its restore or hand-off, or the end with its test results. */

export interface IncidentCardData extends ChangeHeaderData, ChangeFactsData {
  declaredText: string;
  restoreDurationText: string;
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
    restoreDurationText: formatDuration(proc.restoreDuration),
    snapshotText: snapshotStateText(change, proc),
    backupRestoreUrl: proc.links.drpBackupRestore,
    snapshotRestoreUrl: proc.links.drpSnapshotRestore,
    incidentProcessUrl: proc.links.incidentProcess,
    canAct: change.status === 'incident',
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
