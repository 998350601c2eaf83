import { DateTime } from 'luxon';
import type { Actor, Change, ChangeStatus, Effect } from './change';
import { IN_WINDOW_STATUSES, isFinal } from './change';
import type { ChangeEvent, Command, Decision, Refusal } from './events';
import { handleMilestone } from './milestones';
import type { ProcessDefinition } from './process';
import { ownerEmails, publicNotice } from './recipients';
import { LIMITS } from './request';
import { isApprover, isImplementer, roleRefusal } from './roles';
import { decisionDue, planMilestones } from './schedule';

/** What a handler returns when it accepts an event; decide() adds history and the revision. */
export interface Outcome {
  change: Change;
  effects: Effect[];
  note?: string;
}

type Handler<E extends ChangeEvent> = (change: Change, event: E, ctx: Context) => Outcome | Refusal;

interface Context {
  at: Date;
  by: Actor | 'system';
  process: ProcessDefinition;
}

/** Events whose effect does not depend on the state alone: applying them twice would do it twice. */
const NEEDS_CURRENT_REVISION = new Set<ChangeEvent['type']>(['extend', 'reschedule', 'precheck.corrections']);

function refuse(code: Refusal['code'], message: string): Refusal {
  return { code, message };
}

function isRefusal(value: Outcome | Refusal): value is Refusal {
  return 'code' in value;
}

function when(at: string | undefined, process: ProcessDefinition): string {
  return at ? DateTime.fromISO(at, { zone: process.timeZone }).toFormat('ccc d LLL, HH:mm') : '';
}

function actorName(by: Actor | 'system'): string {
  return by === 'system' ? 'the bot' : by.name;
}

function inStatus(change: Change, allowed: readonly ChangeStatus[], action: string): Refusal | undefined {
  if (allowed.includes(change.status)) return undefined;
  return refuse('state', `${change.id} is ${describeStatus(change)}, so ${action} is not possible now.`);
}

export function describeStatus(change: Change): string {
  switch (change.status) {
    case 'planned':
      return 'planned and waiting for GO';
    case 'approved':
      return 'approved (GO given)';
    case 'rejected':
      return 'stopped by a NOGO';
    case 'blocked':
      return 'blocked (no GO before D-1)';
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

function skipPendingDecision(change: Change, reason: string, at: Date): Change['milestones'] {
  const decision = change.milestones.decision;
  if (decision.state !== 'pending') return change.milestones;
  return {
    ...change.milestones,
    decision: { ...decision, state: 'skipped', handledAt: at.toISOString(), reason },
  };
}

const prepCheck: Handler<{ type: 'prep.check'; item: string; checked?: boolean }> = (change, event, ctx) => {
  const wrong = inStatus(
    change,
    ['planned', 'approved', 'rejected', 'blocked'],
    'ticking the preparation checklist',
  );
  if (wrong) return wrong;
  const item = change.preparation.find((candidate) => candidate.id === event.item);
  if (!item) return refuse('invalid', `The checklist of ${change.id} has no item "${event.item}".`);
  const checked = event.checked ?? !item.checked;
  if (checked === item.checked) {
    return refuse('state', `"${item.label}" is already ${checked ? 'ticked' : 'unticked'}.`);
  }
  const at = ctx.at.toISOString();
  const by = actorName(ctx.by);
  return {
    change: {
      ...change,
      preparation: change.preparation.map((candidate) =>
        candidate.id === item.id
          ? { ...candidate, checked, ...(checked ? { by, at } : { by: undefined, at: undefined }) }
          : candidate,
      ),
    },
    effects: [],
    note: `${checked ? 'ticked' : 'unticked'} "${item.label}"`,
  };
};

const precheckDone: Handler<{ type: 'precheck.done' }> = (change, _event, ctx) => {
  const wrong = inStatus(change, ['planned'], 'recording the pre-check');
  if (wrong) return wrong;
  if (change.precheck.state === 'done') {
    return refuse(
      'state',
      `The pre-check was already recorded as done by ${change.precheck.by?.name} (${when(change.precheck.at, ctx.process)}).`,
    );
  }
  return {
    change: { ...change, precheck: { state: 'done', by: ctx.by as Actor, at: ctx.at.toISOString() } },
    effects: [{ notice: 'precheckRecorded', to: { kind: 'thread' } }],
  };
};

const precheckCorrections: Handler<{ type: 'precheck.corrections'; comment: string }> = (
  change,
  event,
  ctx,
) => {
  const wrong = inStatus(change, ['planned'], 'asking for corrections');
  if (wrong) return wrong;
  const comment = event.comment.trim();
  if (!comment)
    return refuse(
      'invalid',
      'Say what needs correcting in the comment box, then press Needs corrections again.',
    );
  if (comment.length > LIMITS.reason)
    return refuse('invalid', `The comment is too long (at most ${LIMITS.reason} characters).`);
  return {
    change: {
      ...change,
      precheck: { state: 'corrections', comment, by: ctx.by as Actor, at: ctx.at.toISOString() },
      // Corrections reopen the preparation for the week.
      preparation: change.preparation.map((item) => ({
        ...item,
        checked: false,
        by: undefined,
        at: undefined,
      })),
    },
    effects: [{ notice: 'precheckRecorded', to: { kind: 'implementer' } }],
    note: comment,
  };
};

function alreadyDecided(change: Change, process: ProcessDefinition): Refusal | undefined {
  const decision = change.decision;
  if (!decision) return undefined;
  const verdict = decision.verdict === 'go' ? 'GO' : 'NOGO';
  return refuse(
    'state',
    `${decision.by.name} already decided ${verdict} for ${change.id} (${when(decision.at, process)}).`,
  );
}

const go: Handler<{ type: 'go' }> = (change, _event, ctx) => {
  const decided = alreadyDecided(change, ctx.process);
  if (decided) return decided;
  const wrong = inStatus(change, ['planned'], 'GO');
  if (wrong) return wrong;
  const approved: Change = {
    ...change,
    status: 'approved',
    announced: true,
    decision: { verdict: 'go', by: ctx.by as Actor, at: ctx.at.toISOString() },
  };
  return { change: approved, effects: publicNotice('announcement', approved, ctx.process, 'request') };
};

const nogo: Handler<{ type: 'nogo'; reason: string }> = (change, event, ctx) => {
  const decided = alreadyDecided(change, ctx.process);
  if (decided) return decided;
  const wrong = inStatus(change, ['planned'], 'NOGO');
  if (wrong) return wrong;
  const reason = event.reason.trim();
  if (!reason)
    return refuse('invalid', 'A NOGO needs a reason: write it in the reason box, then press NOGO again.');
  if (reason.length > LIMITS.reason)
    return refuse('invalid', `The reason is too long (at most ${LIMITS.reason} characters).`);
  return {
    change: {
      ...change,
      status: 'rejected',
      decision: { verdict: 'nogo', by: ctx.by as Actor, at: ctx.at.toISOString(), reason },
    },
    effects: [{ notice: 'nogo', to: { kind: 'implementer' } }],
    note: reason,
  };
};

const snapshotStarted: Handler<{ type: 'snapshot.started' }> = (change, _event, ctx) => {
  const wrong = inStatus(change, ['approved', 'running', 'debugging'], 'confirming the snapshot');
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

const snapshotDone: Handler<{ type: 'snapshot.done' }> = (change, _event, ctx) => {
  const wrong = inStatus(change, ['approved', 'running', 'debugging'], 'confirming the snapshot');
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
 * The validation ticks after a press on the control or decision card: every press carries the toggles the
 * implementer sees, so the stored checklist follows the card (a tick missing from the press keeps its value).
 */
function ticked(change: Change, pressed: boolean[] | undefined): boolean[] {
  return change.tests.map((_, index) => pressed?.[index] ?? change.testResults[index] ?? false);
}

const done: Handler<{ type: 'done'; testResults?: boolean[] }> = (change, event, ctx) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'closing the window');
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
    milestones: skipPendingDecision(change, 'finished before the decision point', ctx.at),
  };
  const passed = results.filter(Boolean).length;
  return {
    change: completed,
    effects: publicNotice('end', completed, ctx.process),
    note: `${passed}/${results.length} validation tests ticked`,
  };
};

const problem: Handler<{ type: 'problem'; testResults?: boolean[] }> = (change, event) => {
  if (change.status === 'debugging')
    return refuse('state', `A problem is already being debugged on ${change.id}.`);
  const wrong = inStatus(change, ['running'], 'reporting a problem');
  if (wrong) return wrong;
  return {
    change: { ...change, status: 'debugging', testResults: ticked(change, event.testResults) },
    effects: [],
  };
};

const extend: Handler<{ type: 'extend'; extraMinutes: number; testResults?: boolean[] }> = (
  change,
  event,
  ctx,
) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'extending the window');
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
    // The decision point moves with the end, and is asked again.
    milestones: {
      ...change.milestones,
      // A short extension late in the window may put the new point in the past: then it is due now, not late.
      decision: {
        due: new Date(Math.max(decisionDue(newEnd, ctx.process).getTime(), ctx.at.getTime())).toISOString(),
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

const incident: Handler<{ type: 'incident'; testResults?: boolean[] }> = (change, event, ctx) => {
  const wrong = inStatus(change, ['running', 'debugging'], 'declaring an incident');
  if (wrong) return wrong;
  const declared: Change = {
    ...change,
    testResults: ticked(change, event.testResults),
    status: 'incident',
    incident: { declaredAt: ctx.at.toISOString(), by: ctx.by as Actor },
    milestones: skipPendingDecision(change, 'incident declared', ctx.at),
  };
  return { change: declared, effects: publicNotice('incident', declared, ctx.process) };
};

function closeIncident(
  outcome: 'restored' | 'failed',
): Handler<{ type: 'restored' } | { type: 'restore.failed' }> {
  return (change, _event, ctx) => {
    const wrong = inStatus(
      change,
      ['incident'],
      outcome === 'restored' ? 'marking it restored' : 'reporting a failed restore',
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

const BEFORE_START: readonly ChangeStatus[] = ['planned', 'approved', 'rejected', 'blocked'];

const cancel: Handler<{ type: 'cancel'; reason?: string }> = (change, event, ctx) => {
  if (IN_WINDOW_STATUSES.includes(change.status)) {
    return refuse(
      'state',
      `${change.id} has already started; finish it with Done, Extend or Declare incident instead of cancelling.`,
    );
  }
  const wrong = inStatus(change, BEFORE_START, 'cancelling');
  if (wrong) return wrong;
  const reason = event.reason?.trim();
  if (reason && reason.length > LIMITS.reason)
    return refuse('invalid', `The reason is too long (at most ${LIMITS.reason} characters).`);
  const at = ctx.at.toISOString();
  const milestones = { ...change.milestones };
  for (const [name, milestone] of Object.entries(milestones) as [
    keyof typeof milestones,
    Change['milestones'][keyof Change['milestones']],
  ][]) {
    if (milestone.state === 'pending')
      milestones[name] = { ...milestone, state: 'skipped', handledAt: at, reason: 'cancelled' };
  }
  const cancelled: Change = {
    ...change,
    status: 'cancelled',
    milestones,
    calendarSequence: change.calendarSequence + (change.announced ? 1 : 0),
    ...(reason ? { cancelReason: reason } : {}),
  };
  const effects: Effect[] = change.announced
    ? publicNotice('cancellation', cancelled, ctx.process, 'cancel')
    : [{ notice: 'cancellation', to: { kind: 'thread' } }];
  return { change: cancelled, effects, ...(reason ? { note: reason } : {}) };
};

const reschedule: Handler<{
  type: 'reschedule';
  window: Change['window'];
  expedited: boolean;
  overlaps: string[];
  blackoutOverride?: Change['blackoutOverride'];
}> = (change, event, ctx) => {
  if (IN_WINDOW_STATUSES.includes(change.status)) {
    return refuse('state', `${change.id} has already started; use Extend to move its end instead.`);
  }
  const wrong = inStatus(change, BEFORE_START, 'rescheduling');
  if (wrong) return wrong;
  const moved: Change = {
    ...change,
    status: 'planned',
    window: event.window,
    plannedEnd: event.window.end,
    expedited: event.expedited,
    blackoutOverride: event.blackoutOverride,
    overlaps: event.overlaps,
    decision: undefined,
    snapshot: { state: 'none' },
    milestones: planMilestones(event.window, ctx.process, ctx.at),
    calendarSequence: change.calendarSequence + (change.announced ? 1 : 0),
  };
  const effects: Effect[] = [{ notice: 'rescheduled', to: { kind: 'thread' } }];
  if (change.announced) effects.push(...publicNotice('rescheduled', moved, ctx.process, 'request'));
  return {
    change: moved,
    effects,
    note: `new window ${when(event.window.start, ctx.process)} → ${when(event.window.end, ctx.process)}`,
  };
};

function handle(change: Change, event: ChangeEvent, ctx: Context): Outcome | Refusal {
  switch (event.type) {
    case 'prep.check':
      return prepCheck(change, event, ctx);
    case 'precheck.done':
      return precheckDone(change, event, ctx);
    case 'precheck.corrections':
      return precheckCorrections(change, event, ctx);
    case 'go':
      return go(change, event, ctx);
    case 'nogo':
      return nogo(change, event, ctx);
    case 'snapshot.started':
      return snapshotStarted(change, event, ctx);
    case 'snapshot.done':
      return snapshotDone(change, event, ctx);
    case 'done':
      return done(change, event, ctx);
    case 'problem':
      return problem(change, event, ctx);
    case 'extend':
      return extend(change, event, ctx);
    case 'incident':
      return incident(change, event, ctx);
    case 'restored':
      return closeIncident('restored')(change, event, ctx);
    case 'restore.failed':
      return closeIncident('failed')(change, event, ctx);
    case 'cancel':
      return cancel(change, event, ctx);
    case 'reschedule':
      return reschedule(change, event, ctx);
    case 'milestone':
      return handleMilestone(change, event.name, ctx.at, ctx.process);
  }
}

/** Someone the change names (its implementer) or the process names (an approver); the scheduler too. */
function hasRole(by: Actor | 'system', change: Change, process: ProcessDefinition): boolean {
  return by === 'system' || isImplementer(by, change) || isApprover(by, process, change);
}

const sameActor = (a: Actor | 'system', b: Actor | 'system') =>
  a === 'system' || b === 'system' ? a === b : a.aadObjectId === b.aadObjectId;

/**
 * A refusal goes into the history, but the same refusal of the same press by the same person, again and
 * again, is one line with a count: a stuck client or an impatient finger must not grow the change forever.
 */
function withRefusal(change: Change, command: Command, refusal: Refusal): Change {
  const { event, by, at } = command;
  const last = change.history.at(-1);
  if (
    last &&
    !last.accepted &&
    last.event === event.type &&
    last.note === refusal.message &&
    last.revision === change.revision &&
    last.source === command.source &&
    sameActor(last.by, by)
  ) {
    const repeated = { ...last, at: at.toISOString(), count: (last.count ?? 1) + 1 };
    return { ...change, history: [...change.history.slice(0, -1), repeated] };
  }
  return {
    ...change,
    history: [
      ...change.history,
      {
        at: at.toISOString(),
        by,
        event: event.type,
        accepted: false,
        note: refusal.message,
        revision: change.revision,
        ...(command.source ? { source: command.source } : {}),
      },
    ],
  };
}

/**
 * The one transition of a change: pure, no I/O, the clock is `command.at`.
 * Accepted: the change with its revision + 1, a history line, and the effects to deliver.
 * Refused: the change unchanged but for a history line saying why ('waiting' milestones add none, nor does a
 * press from someone with no role on the change: the caller logs those), repeated refusals counted on one line.
 */
export function decide(change: Change, command: Command, process: ProcessDefinition): Decision {
  const { event, by, at } = command;
  const record = (refusal: Refusal): Decision => ({
    accepted: false,
    refusal,
    change:
      refusal.code === 'waiting' || !hasRole(by, change, process)
        ? change
        : withRefusal(change, command, refusal),
  });

  if (isFinal(change.status)) {
    return record(
      refuse('state', `${change.id} is ${describeStatus(change)}; nothing more can be done on it.`),
    );
  }
  const forbidden = roleRefusal(event.type, by, change, process);
  if (forbidden) return record(refuse('forbidden', forbidden));
  const strict =
    NEEDS_CURRENT_REVISION.has(event.type) || (event.type === 'prep.check' && event.checked === undefined);
  if (strict && command.revision !== undefined && command.revision !== change.revision) {
    return record(
      refuse(
        'stale',
        `That card was out of date (${change.id} changed since); here is the current one, press again if still needed.`,
      ),
    );
  }

  const outcome = handle(change, event, { at, by, process });
  if (isRefusal(outcome)) return record(outcome);

  const revision = change.revision + 1;
  return {
    accepted: true,
    effects: outcome.effects,
    change: {
      ...outcome.change,
      revision,
      updatedAt: at.toISOString(),
      history: [
        ...change.history,
        {
          at: at.toISOString(),
          by,
          event: event.type === 'milestone' ? `milestone.${event.name}` : event.type,
          accepted: true,
          revision,
          ...(outcome.note ? { note: outcome.note } : {}),
          ...(command.source ? { source: command.source } : {}),
        },
      ],
    },
  };
}
