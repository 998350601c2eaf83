import type { Change, MilestoneName } from './change';
import { milestoneSpec } from './milestoneRegistry';
import type { Refusal } from './events';
import type { ProcessDefinition } from './process';
import type { Transition } from './transition';

/** A milestone handled this long after its due time is labelled late (the bot was down, or it was expedited). */
export const LATE_AFTER_MS = 5 * 60_000;

export function handleMilestone(
  change: Change,
  name: MilestoneName,
  now: Date,
  proc: ProcessDefinition,
): Transition | Refusal {
  const milestone = change.milestones[name];
  if (!milestone) return { code: 'invalid', message: `${change.id} has no ${name} milestone.` };
  if (milestone.state !== 'pending')
    return { code: 'state', message: `The ${name} milestone was already handled.` };
  if (now.getTime() < Date.parse(milestone.due)) {
    return { code: 'waiting', message: `The ${name} milestone is not due yet.` };
  }
  const spec = milestoneSpec(name, proc);
  if (!spec) return { code: 'invalid', message: `The process has no ${name} milestone.` };
  // Before-window steps make no sense once the window has started; the start milestone deals with a missing GO.
  const started = now.getTime() >= Date.parse(change.window.start);
  const action =
    started && !spec.afterStart ? { skip: 'the window had already started' } : spec.whenDue(change, proc);
  if ('wait' in action) return { code: 'waiting', message: action.wait };
  const handledAt = now.toISOString();
  if ('skip' in action) {
    return {
      change: {
        ...change,
        milestones: {
          ...change.milestones,
          [name]: { ...milestone, state: 'skipped', handledAt, reason: action.skip },
        },
      },
      effects: [],
      note: `skipped: ${action.skip}`,
    };
  }
  const late = milestone.late === true || now.getTime() - Date.parse(milestone.due) > LATE_AFTER_MS;
  const withdrawn = action.status === 'blocked' && change.announced;
  return {
    change: {
      ...change,
      ...(action.status ? { status: action.status } : {}),
      ...(withdrawn ? { calendarSequence: change.calendarSequence + 1 } : {}),
      milestones: {
        ...change.milestones,
        [name]: { ...milestone, state: 'done', handledAt, ...(late ? { late } : {}) },
      },
    },
    effects: action.send.map((effect) => (late ? { ...effect, late } : effect)),
    ...(late ? { note: 'sent late' } : {}),
  };
}
