import type { Actor, Change } from './change';
import { ownerEmails, publicNotice } from './recipients';
import { checkpointDue } from './schedule';
import { STORED } from './steps/storedNames';
import { inStatus, refuse, when, type Handler } from './transition';

/** Handlers of the window itself: the snapshot, done, a problem, an extension, an incident and its end. */

export function skipPendingCheckpoint(change: Change, reason: string, at: Date): Change['milestones'] {
  const checkpoint = change.milestones[STORED.checkpoint];
  if (checkpoint.state !== 'pending') return change.milestones;
  return {
    ...change.milestones,
    [STORED.checkpoint]: { ...checkpoint, state: 'skipped', handledAt: at.toISOString(), reason },
  };
}

export const snapshotStarted: Handler<{ type: 'snapshot.started' }> = (change, _event, ctx) => {
  const wrong = inStatus(
    change,
    ['approved', 'running', 'debugging'],
    'confirming the snapshot',
    ctx.process,
  );
  if (wrong) return wrong;
  if (change.snapshot.state !== 'none') {
    const marked = change.snapshot.state === 'done' ? change.snapshot.doneAt : change.snapshot.startedAt;
    return refuse(
      'state',
      `The snapshot was already marked ${change.snapshot.state} (${when(marked, ctx.process)}).`,
    );
  }
  return {
    change: {
      ...change,
      snapshot: { state: 'started', startedAt: ctx.at.toISOString(), by: ctx.by as Actor },
    },
    effects: [],
  };
};

export const snapshotDone: Handler<{ type: 'snapshot.done' }> = (change, _event, ctx) => {
  const wrong = inStatus(
    change,
    ['approved', 'running', 'debugging'],
    'confirming the snapshot',
    ctx.process,
  );
  if (wrong) return wrong;
  if (change.snapshot.state === 'done') {
    return refuse(
      'state',
      `The snapshot was already marked done (${when(change.snapshot.doneAt, ctx.process)}).`,
    );
  }
  return {
    change: {
      ...change,
      snapshot: { ...change.snapshot, state: 'done', doneAt: ctx.at.toISOString(), by: ctx.by as Actor },
    },
    effects: [],
  };
};

/**
 * The validation ticks after a press on the control or checkpoint card: every press carries the toggles the
 * implementer sees, so the stored checklist follows the card (a tick missing from the press keeps its value).
 */
function ticked(change: Change, pressed: boolean[] | undefined): boolean[] {
  return change.tests.map((_, index) => pressed?.[index] ?? change.testResults[index] ?? false);
}

export const done: Handler<{ type: 'done'; testResults?: boolean[] }> = (change, event, ctx) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'closing the window', ctx.process);
  if (wrong) return wrong;
  if ((event.testResults?.length ?? 0) > change.tests.length) {
    return refuse(
      'invalid',
      `That card lists validation tests ${change.id} does not have; type "show ${change.id}" for a fresh card.`,
    );
  }
  const results = ticked(change, event.testResults);
  const completed: Change = {
    ...change,
    status: 'completed',
    testResults: results,
    milestones: skipPendingCheckpoint(change, 'finished before the decision point', ctx.at),
  };
  const passed = results.filter(Boolean).length;
  return {
    change: completed,
    effects: publicNotice('end', completed, ctx.process),
    note: `${passed}/${results.length} validation tests ticked`,
  };
};

export const problem: Handler<{ type: 'problem'; testResults?: boolean[] }> = (change, event, ctx) => {
  if (change.status === 'debugging')
    return refuse('state', `A problem is already being debugged on ${change.id}.`);
  const wrong = inStatus(change, ['running'], 'reporting a problem', ctx.process);
  if (wrong) return wrong;
  return {
    change: { ...change, status: 'debugging', testResults: ticked(change, event.testResults) },
    effects: [],
  };
};

export const extend: Handler<{ type: 'extend'; extraMinutes: number; testResults?: boolean[] }> = (
  change,
  event,
  ctx,
) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'extending the window', ctx.process);
  if (wrong) return wrong;
  const maxMinutes = Math.floor(ctx.process.maxWindow.as('minutes'));
  if (!Number.isInteger(event.extraMinutes) || event.extraMinutes < 1 || event.extraMinutes > maxMinutes) {
    return refuse('invalid', `Give the extra delay in whole minutes, from 1 to ${maxMinutes}.`);
  }
  const newEnd = new Date(Date.parse(change.window.end) + event.extraMinutes * 60_000).toISOString();
  const extended: Change = {
    ...change,
    testResults: ticked(change, event.testResults),
    window: { ...change.window, end: newEnd },
    extensions: [
      ...change.extensions,
      {
        extraMinutes: event.extraMinutes,
        previousEnd: change.window.end,
        newEnd,
        by: ctx.by as Actor,
        at: ctx.at.toISOString(),
      },
    ],
    // The checkpoint moves with the end, and is asked again.
    milestones: {
      ...change.milestones,
      // A short extension late in the window may put the new point in the past: then it is due now, not late.
      [STORED.checkpoint]: {
        due: new Date(Math.max(checkpointDue(newEnd, ctx.process).getTime(), ctx.at.getTime())).toISOString(),
        state: 'pending',
      },
    },
  };
  return {
    change: extended,
    effects: publicNotice('extension', extended, ctx.process),
    note: `+${event.extraMinutes} min, new end ${when(newEnd, ctx.process)}`,
  };
};

export const incident: Handler<{ type: 'incident'; testResults?: boolean[] }> = (change, event, ctx) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'declaring an incident', ctx.process);
  if (wrong) return wrong;
  const declared: Change = {
    ...change,
    testResults: ticked(change, event.testResults),
    status: 'incident',
    incident: { declaredAt: ctx.at.toISOString(), by: ctx.by as Actor },
    milestones: skipPendingCheckpoint(change, 'incident declared', ctx.at),
  };
  return { change: declared, effects: publicNotice('incident', declared, ctx.process) };
};

export function closeIncident(
  outcome: 'restored' | 'failed',
): Handler<{ type: 'restored' } | { type: 'restore.failed' }> {
  return (change, _event, ctx) => {
    const wrong = inStatus(
      change,
      ['incident'],
      outcome === 'restored' ? 'marking it restored' : 'reporting a failed restore',
      ctx.process,
    );
    if (wrong) return wrong;
    const closed: Change = {
      ...change,
      status: outcome === 'restored' ? 'restored' : 'handedOff',
      incident: { ...change.incident!, outcome, outcomeAt: ctx.at.toISOString() },
    };
    if (outcome === 'restored')
      return { change: closed, effects: publicNotice('restored', closed, ctx.process) };
    const owners = ownerEmails(change, ctx.process);
    return {
      change: closed,
      effects: [
        { notice: 'handoff', to: { kind: 'channel' } },
        { notice: 'handoff', to: { kind: 'mail', to: owners } },
      ],
    };
  };
}
