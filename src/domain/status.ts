import type { Change } from './change';
import { goDeadlineWords } from './offsetWords';
import type { ProcessDefinition } from './process';

/** Where a change stands, in the words of a refusal ("CHG-… is planned and waiting for GO"). */
export function describeStatus(change: Change, proc: ProcessDefinition): string {
  switch (change.status) {
    case 'planned':
      return 'planned and waiting for GO';
    case 'approved':
      return 'approved (GO given)';
    case 'rejected':
      return 'stopped by a NOGO';
    case 'blocked':
      return `blocked (no GO by ${goDeadlineWords(proc)})`;
    case 'running':
      return 'running';
    case 'debugging':
      return 'running with a problem being debugged';
    case 'incident':
      return 'in incident';
    case 'completed':
      return 'completed';
    case 'restored':
      return 'closed after a restore';
    case 'handedOff':
      return 'handed off to the incident process';
    case 'cancelled':
      return 'cancelled';
  }
}
