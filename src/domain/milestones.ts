import type { Change, ChangeStatus, Effect, MilestoneName } from './change';
import type { Refusal } from './events';
import type { ProcessDefinition } from './process';
import { ownerEmails, publicNotice } from './recipients';
import type { Transition } from './transition';

/** A milestone handled this long after its due time is labelled late (the bot was down, or it was expedited). */
export const LATE_AFTER_MS = 5 * 60_000;

type Verdict = { send: Effect[]; status?: ChangeStatus } | { skip: string } | { wait: string };

function blocked(change: Change, proc: ProcessDefinition): Verdict {
  const to = ownerEmails(change, proc);
  return {
    status: 'blocked',
    send: [
      { notice: 'blocked', to: { kind: 'implementer' } },
      ...(to.length > 0 ? [{ notice: 'blocked' as const, to: { kind: 'mail' as const, to } }] : []),
      // Announced before a reschedule: the audience holds the window in its calendar and must hear it is off.
      ...(change.announced ? publicNotice('cancellation', change, proc, 'cancel') : []),
    ],
  };
}

/** What a milestone means for a change in its current state, at `now`. */
function verdictFor(name: MilestoneName, change: Change, now: Date, proc: ProcessDefinition): Verdict {
  const started = now.getTime() >= Date.parse(change.window.start);
  const { status } = change;
  // Before-window steps make no sense once the window has started; the start milestone deals with a missing GO.
  if (started && name !== 'start' && name !== 'decision') return { skip: 'the window had already started' };
  switch (name) {
    case 'preparation':
      return status === 'planned'
        ? { send: [{ notice: 'preparation', to: { kind: 'implementer' } }] }
        : { skip: `the change was ${status}` };
    case 'precheck':
      if (status !== 'planned') return { skip: `the change was ${status}` };
      if (change.precheck.state === 'done') return { skip: 'the pre-check was already done' };
      return { send: [{ notice: 'precheck', to: { kind: 'approvers' } }] };
    case 'goNoGo':
      if (status !== 'planned')
        return { skip: change.decision ? 'GO/NOGO was already decided' : `the change was ${status}` };
      return { send: [{ notice: 'goNoGo', to: { kind: 'approvers' } }] };
    case 'reminder':
      if (status === 'approved') return { send: publicNotice('reminder', change, proc) };
      if (status !== 'planned') return { skip: `the change was ${status}` };
      // An expedited change may be approved after the reminder was due: its reminder waits for the GO.
      return change.expedited ? { wait: 'waiting for GO' } : blocked(change, proc);
    case 'snapshot':
      if (status === 'approved') return { send: [{ notice: 'snapshot', to: { kind: 'implementer' } }] };
      if (status === 'planned' && change.expedited) return { wait: 'waiting for GO' };
      return { skip: `the change was ${status}` };
    case 'start':
      if (status === 'approved') {
        return {
          status: 'running',
          send: [...publicNotice('start', change, proc), { notice: 'control', to: { kind: 'implementer' } }],
        };
      }
      if (status === 'planned') return blocked(change, proc);
      return { skip: `the change was ${status}` };
    case 'decision':
      return status === 'running' || status === 'debugging'
        ? { send: [{ notice: 'decision', to: { kind: 'implementer' } }] }
        : { skip: `the change was ${status}` };
  }
}

export function handleMilestone(
  change: Change,
  name: MilestoneName,
  now: Date,
  proc: ProcessDefinition,
): Transition | Refusal {
  const milestone = change.milestones[name];
  if (milestone.state !== 'pending')
    return { code: 'state', message: `The ${name} milestone was already handled.` };
  if (now.getTime() < Date.parse(milestone.due)) {
    return { code: 'waiting', message: `The ${name} milestone is not due yet.` };
  }
  const verdict = verdictFor(name, change, now, proc);
  if ('wait' in verdict) return { code: 'waiting', message: verdict.wait };
  const handledAt = now.toISOString();
  if ('skip' in verdict) {
    return {
      change: {
        ...change,
        milestones: {
          ...change.milestones,
          [name]: { ...milestone, state: 'skipped', handledAt, reason: verdict.skip },
        },
      },
      effects: [],
      note: `skipped: ${verdict.skip}`,
    };
  }
  const late = milestone.late === true || now.getTime() - Date.parse(milestone.due) > LATE_AFTER_MS;
  const withdrawn = verdict.status === 'blocked' && change.announced;
  return {
    change: {
      ...change,
      ...(verdict.status ? { status: verdict.status } : {}),
      ...(withdrawn ? { calendarSequence: change.calendarSequence + 1 } : {}),
      milestones: {
        ...change.milestones,
        [name]: { ...milestone, state: 'done', handledAt, ...(late ? { late } : {}) },
      },
    },
    effects: verdict.send.map((effect) => (late ? { ...effect, late } : effect)),
    ...(late ? { note: 'sent late' } : {}),
  };
}
