import { isFinal, type Change, type MilestoneName } from '../domain/change';
import type { ChangeSummary } from './types';

/**
 * What the active index keeps of a change. `nextDue` is the earliest of the pending milestones and the
 * pending outbox deliveries (their retry time when one is set, else their creation time).
 *
 * Milestones of a final change are ignored: nothing can happen to a completed or cancelled change on its
 * schedule any more, and counting them would keep it due on every tick. Its pending deliveries still count,
 * so that an end or cancellation notice interrupted by a crash is sent after the restart.
 */
export function summarize(change: Change): ChangeSummary {
  const summary: ChangeSummary = {
    id: change.id,
    title: change.title,
    service: change.service,
    status: change.status,
    window: { start: change.window.start, end: change.window.end },
    implementer: change.implementer.name,
    revision: change.revision,
  };
  const nextDue = earliestDue(change);
  if (nextDue !== undefined) summary.nextDue = nextDue;
  const next = nextMilestone(change);
  if (next) summary.nextMilestone = next;
  return summary;
}

function nextMilestone(change: Change): ChangeSummary['nextMilestone'] {
  if (isFinal(change.status)) return undefined;
  let next: ChangeSummary['nextMilestone'];
  for (const name of Object.keys(change.milestones) as MilestoneName[]) {
    const { state, due } = change.milestones[name];
    if (state === 'pending' && (!next || Date.parse(due) < Date.parse(next.due))) next = { name, due };
  }
  return next;
}

/** Whether the scheduler may still have work on this change: it is not final, or deliveries are waiting. */
export function hasWorkLeft(change: Change): boolean {
  return !isFinal(change.status) || change.outbox.some((entry) => entry.state === 'pending');
}

function earliestDue(change: Change): string | undefined {
  let earliest: string | undefined;
  let earliestMs = Infinity;
  const consider = (instant: string): void => {
    const ms = Date.parse(instant);
    if (ms < earliestMs) {
      earliestMs = ms;
      earliest = instant;
    }
  };
  if (!isFinal(change.status)) {
    for (const name of Object.keys(change.milestones) as MilestoneName[]) {
      const milestone = change.milestones[name];
      if (milestone.state === 'pending') consider(milestone.due);
    }
  }
  for (const entry of change.outbox) {
    if (entry.state === 'pending') consider(entry.nextAttemptAt ?? entry.createdAt);
  }
  return earliest;
}
