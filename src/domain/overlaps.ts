import type { MaintenanceWindow } from './change';
import type { ProcessDefinition } from './process';
import { findService } from './serviceFacts';
import { windowsOverlap } from './schedule';

/**
 * Other active changes whose windows overlap `window` and that touch the same thing: the same service, or
 * another service on the same host (two services on one VM share its restarts, disk and snapshot). A change
 * whose service is no longer in the process file is compared by service name only (its host is unknown).
 */
export function overlappingChanges(
  window: MaintenanceWindow,
  target: { name: string; host: string },
  others: readonly { id: string; service: string; window: MaintenanceWindow }[],
  proc: ProcessDefinition,
  selfId?: string,
): string[] {
  const sameHost = (service: string) =>
    findService(proc, service)?.host.toLowerCase() === target.host.toLowerCase();
  return others
    .filter(
      (other) =>
        other.id !== selfId &&
        (other.service === target.name || sameHost(other.service)) &&
        windowsOverlap(window, other.window),
    )
    .map((other) => other.id);
}
