import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { forWhomLabel, isReadOnlyView, statusText, type CardOptions, type ChangeHeaderData } from './common';

/* What the cards of the open window share (control, checkpoint, extension): its statuses, the tests' ticks and
   the implementer's buttons. */

export const IN_WINDOW = ['running', 'debugging'];

/** A first guess the implementer can change before pressing Extend. */
export const DEFAULT_EXTRA_MINUTES = 30;

export interface TestToggleData {
  testId: string;
  number: number;
  label: string;
  checkedValue: 'true' | 'false';
}

/** The checklist as stored: the control and the decision card show (and send back) the same ticks. */
export function testToggles(change: Change): TestToggleData[] {
  return change.tests.map((label, index) => ({
    testId: `test-${index}`,
    number: index + 1,
    label,
    checkedValue: change.testResults[index] === true ? 'true' : 'false',
  }));
}

/** The implementer's buttons while the window is open; on the read-only view, who must act instead. */
export function windowActions(
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
