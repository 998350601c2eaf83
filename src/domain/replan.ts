import type { Change, ChangeStatus, Effect } from './change';
import { IN_WINDOW_STATUSES } from './change';
import { publicNotice } from './recipients';
import { LIMITS } from './request';
import { planMilestones } from './schedule';
import { inStatus, refuse, when, type Handler } from './transition';

/** Handlers that call a planned change off or move it: cancel and reschedule, both before the start. */

const BEFORE_START: readonly ChangeStatus[] = ['planned', 'approved', 'rejected', 'blocked'];

export const cancel: Handler<{ type: 'cancel'; reason?: string }> = (change, event, ctx) => {
  if (IN_WINDOW_STATUSES.includes(change.status)) {
    return refuse(
      'state',
      `${change.id} has already started; finish it with Done, Extend or Declare incident instead of cancelling.`,
    );
  }
  const wrong = inStatus(change, BEFORE_START, 'cancelling', ctx.process);
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

export const reschedule: Handler<{
  type: 'reschedule';
  window: Change['window'];
  expedited: boolean;
  overlaps: string[];
  blackoutOverride?: Change['blackoutOverride'];
}> = (change, event, ctx) => {
  if (IN_WINDOW_STATUSES.includes(change.status)) {
    return refuse('state', `${change.id} has already started; use Extend to move its end instead.`);
  }
  const wrong = inStatus(change, BEFORE_START, 'rescheduling', ctx.process);
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
