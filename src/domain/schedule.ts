import { DateTime } from 'luxon';
import type { MaintenanceWindow, Milestone, MilestoneName } from './change';
import { milestoneSpec, milestonesOf, offsetOf } from './milestoneRegistry';
import type { ProcessDefinition } from './process';

/**
 * Due instants of every milestone of a window. Offsets are applied in the process time zone, so
 * "7 days before 18:00" is 18:00 local time even when a DST switch lies in between.
 */
export function milestoneDues(
  window: MaintenanceWindow,
  proc: ProcessDefinition,
): Record<MilestoneName, Date> {
  const start = DateTime.fromISO(window.start, { zone: proc.timeZone });
  const end = DateTime.fromISO(window.end, { zone: proc.timeZone });
  const dues = {} as Record<MilestoneName, Date>;
  for (const spec of milestonesOf(proc)) {
    const due = spec.due
      ? spec.due({ start, end }, proc)
      : start.minus(offsetOf(proc, spec.offsetKey ?? spec.name));
    dues[spec.name as MilestoneName] = due.toJSDate();
  }
  return dues;
}

/**
 * The checkpoint: window end − decisionBeforeEnd (the process file's name, part of the Contract); it moves
 * with every extension. Stored as the `decision` milestone.
 */
export function checkpointDue(end: DateTime | string, proc: ProcessDefinition): Date {
  const endTime = typeof end === 'string' ? DateTime.fromISO(end, { zone: proc.timeZone }) : end;
  return endTime.minus(proc.decisionBeforeEnd).toJSDate();
}

/** Fresh pending milestones; those already overdue at `now` are flagged late (an expedited change). */
export function planMilestones(
  window: MaintenanceWindow,
  proc: ProcessDefinition,
  now: Date,
): Record<MilestoneName, Milestone> {
  const dues = milestoneDues(window, proc);
  const plan = {} as Record<MilestoneName, Milestone>;
  for (const [name, due] of Object.entries(dues) as [MilestoneName, Date][]) {
    plan[name] = {
      due: due.toISOString(),
      state: 'pending',
      ...(due < now && milestoneSpec(name, proc)?.lateIfOverdue !== false ? { late: true } : {}),
    };
  }
  return plan;
}

/** The earliest start the lead time allows, as of `now`. */
export function earliestAllowedStart(proc: ProcessDefinition, now: Date): DateTime {
  return DateTime.fromJSDate(now, { zone: proc.timeZone }).plus(proc.leadTime);
}

export function windowsOverlap(a: MaintenanceWindow, b: MaintenanceWindow): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/** Ids of the other active changes on the same service whose windows overlap `window`. */
export function findOverlaps(
  window: MaintenanceWindow,
  service: string,
  others: readonly { id: string; service: string; window: MaintenanceWindow }[],
  selfId?: string,
): string[] {
  return others
    .filter(
      (other) => other.id !== selfId && other.service === service && windowsOverlap(window, other.window),
    )
    .map((other) => other.id);
}
