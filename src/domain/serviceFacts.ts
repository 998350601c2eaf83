import { Duration } from 'luxon';
import type { ProcessDefinition, RestorePath } from './process';

/**
 * What the process says about the service a change was made for. Every reader of restore paths and
 * snapshot figures goes through here, so that where the figures live (one service, several) is a
 * detail of this file.
 */
export interface ServiceFacts {
  name: string;
  snapshot: { duration: Duration; margin: Duration };
  restorePaths: RestorePath[];
}

export function serviceFacts(proc: ProcessDefinition, _serviceName: string): ServiceFacts {
  return {
    name: proc.service.name,
    snapshot: proc.snapshot,
    restorePaths: [
      {
        name: 'NAS backup',
        description: 'Restore the affected files in place from the NAS backup.',
        link: proc.links.drpBackupRestore,
      },
      {
        name: 'Data snapshot',
        description: 'Restore the data snapshot taken before the window.',
        link: proc.links.drpSnapshotRestore,
        duration: proc.restoreDuration,
      },
    ],
  };
}

/** The fastest restore path whose duration is known, if any. */
export function shortestRestore(facts: ServiceFacts): (RestorePath & { duration: Duration }) | undefined {
  let best: (RestorePath & { duration: Duration }) | undefined;
  for (const path of facts.restorePaths) {
    if (path.duration && (!best || path.duration.toMillis() < best.duration.toMillis())) {
      best = { ...path, duration: path.duration };
    }
  }
  return best;
}

/** The services the process file names (one today); `drill <service>` chooses among them. */
export function serviceNames(proc: ProcessDefinition): string[] {
  return [proc.service.name];
}
