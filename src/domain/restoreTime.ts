import type { Change, MaintenanceWindow } from './change';
import type { ProcessDefinition } from './process';
import { serviceFacts, shortestRestore } from './serviceFacts';

/**
 * What each choice at the end of the window costs in time. All arithmetic is on instants (milliseconds
 * since the epoch), never on local wall-clock times: a restore of 1 h that starts at 02:30 on the night the
 * clocks go back ends one real hour later, whatever the clock on the wall says. The cards turn the instants
 * into local time in the process time zone.
 */

/** Declaring the incident at `from` and restoring by one path: when the service is back. */
export interface RestoreCost {
  path: string;
  durationMs: number;
  backAt: Date;
  /** Positive: that long after the window's end; negative: that long before it. */
  pastEndMs: number;
}

/** Extending by `extraMinutes`: the new end, the decision point then, and an incident declared there. */
export interface ExtensionCost {
  extraMinutes: number;
  newEnd: Date;
  decisionAt: Date;
  /** The shortest known restore, declared at the new decision point. */
  restore?: RestoreCost;
}

/** Every restore path with a known duration, declared at `from`, against the window's end. */
export function restoreCosts(change: Change, proc: ProcessDefinition, from: Date): RestoreCost[] {
  const end = Date.parse(change.window.end);
  return serviceFacts(proc, change.service).restorePaths.flatMap((path) => {
    if (!path.duration) return [];
    const durationMs = path.duration.as('milliseconds');
    const backAt = new Date(from.getTime() + durationMs);
    return [{ path: path.name, durationMs, backAt, pastEndMs: backAt.getTime() - end }];
  });
}

/** What extending the window by `extraMinutes` now would give (the decision point moves with the end). */
export function extensionCost(change: Change, proc: ProcessDefinition, extraMinutes: number): ExtensionCost {
  const newEnd = new Date(Date.parse(change.window.end) + extraMinutes * 60_000);
  const decisionAt = new Date(newEnd.getTime() - proc.decisionBeforeEnd.as('milliseconds'));
  const shortest = shortestRestore(serviceFacts(proc, change.service));
  if (!shortest) return { extraMinutes, newEnd, decisionAt };
  const durationMs = shortest.duration.as('milliseconds');
  const backAt = new Date(decisionAt.getTime() + durationMs);
  return {
    extraMinutes,
    newEnd,
    decisionAt,
    restore: { path: shortest.name, durationMs, backAt, pastEndMs: backAt.getTime() - newEnd.getTime() },
  };
}

/** Why a window is too short to restore inside it after a failed change; undefined when it is long enough. */
export interface WindowShortfall {
  windowMs: number;
  downtimeMs: number;
  marginMs: number;
  restorePath: string;
  restoreMs: number;
  neededMs: number;
}

/**
 * The downtime, then the decision margin, then the shortest restore must fit in the window. A warning,
 * not a refusal: the team may know the restore will not be needed, or accept the risk.
 */
export function windowShortfall(
  window: MaintenanceWindow,
  downtimeMinutes: number,
  proc: ProcessDefinition,
  service: string,
): WindowShortfall | undefined {
  const shortest = shortestRestore(serviceFacts(proc, service));
  if (!shortest) return undefined;
  const windowMs = Date.parse(window.end) - Date.parse(window.start);
  const downtimeMs = Math.max(0, downtimeMinutes) * 60_000;
  const marginMs = proc.decisionBeforeEnd.as('milliseconds');
  const restoreMs = shortest.duration.as('milliseconds');
  const neededMs = downtimeMs + marginMs + restoreMs;
  if (windowMs >= neededMs) return undefined;
  return { windowMs, downtimeMs, marginMs, restorePath: shortest.name, restoreMs, neededMs };
}
