import type { Change } from '../../domain/change';
import { goDeadlineWords } from '../../domain/offsetWords';
import type { ProcessDefinition } from '../../domain/process';
import { formatInstant } from '../format';

/** One-line descriptions of where each step stands, shared by the cards that show them. */

export function precheckText(change: Change, proc: ProcessDefinition): string {
  const { precheck } = change;
  const byAt =
    precheck.by && precheck.at ? ` by ${precheck.by.name}, ${formatInstant(precheck.at, proc.timeZone)}` : '';
  switch (precheck.state) {
    case 'pending':
      return 'Not done yet';
    case 'done':
      return `Done${byAt}`;
    case 'corrections':
      return `Corrections requested${byAt}${precheck.comment ? `: ${precheck.comment}` : ''}`;
  }
}

/** Where the GO/NOGO stands (cards bind it as `decisionText`, a template name kept as is). */
export function approvalText(change: Change, proc: ProcessDefinition): string {
  const approval = change.decision;
  if (!approval)
    return change.status === 'blocked' ? `No GO was given by ${goDeadlineWords(proc)}` : 'Not decided yet';
  const at = formatInstant(approval.at, proc.timeZone);
  return approval.verdict === 'go'
    ? `GO by ${approval.by.name}, ${at}`
    : `NOGO by ${approval.by.name}, ${at}${approval.reason ? `: ${approval.reason}` : ''}`;
}

export function snapshotStateText(change: Change, proc: ProcessDefinition): string {
  const { snapshot } = change;
  const by = snapshot.by ? ` by ${snapshot.by.name}` : '';
  switch (snapshot.state) {
    case 'none':
      return 'Not confirmed';
    case 'started':
      return `Started${by}${snapshot.startedAt ? `, ${formatInstant(snapshot.startedAt, proc.timeZone)}` : ''}`;
    case 'done':
      return `Done${by}${snapshot.doneAt ? `, ${formatInstant(snapshot.doneAt, proc.timeZone)}` : ''}`;
  }
}

export function preparationProgressText(change: Change): string {
  const done = change.preparation.filter((item) => item.checked).length;
  return `${done} of ${change.preparation.length} done`;
}
