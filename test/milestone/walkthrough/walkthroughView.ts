import type { Change } from '../../../src/domain/change';
import type { ProcessDefinition } from '../../../src/domain/process';
import { formatInstant } from '../../../src/cards/format';

/** The throw-away walkthrough card's data. */
export function walkthroughView(change: Change, proc: ProcessDefinition): Record<string, unknown> {
  return {
    title: change.title,
    whenText: `Walk the approvers through the plan before ${formatInstant(change.window.start, proc.timeZone)}.`,
  };
}
