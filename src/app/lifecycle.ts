import { DateTime } from 'luxon';
import type { Actor, Change } from '../domain/change';
import { createChange } from '../domain/create';
import { decide } from '../domain/decide';
import type { Command, Decision } from '../domain/events';
import type { ProcessDefinition } from '../domain/process';
import { checkRequest, checkWindow, type ChangeRequestInput, type FieldErrors } from '../domain/request';
import { checkBlackouts, type Blackout } from '../domain/blackouts';
import { earliestAllowedStart } from '../domain/schedule';
import { overlappingChanges } from '../domain/overlaps';
import { processFor } from '../domain/serviceFacts';
import { WriteConflictError, type ChangeStore } from '../store/types';
import { withPersonalNotices } from '../domain/asked';
import { subscriberEffects } from '../domain/subscriberNotices';
import { enqueue } from './outbox';
import type { Measurements } from '../store/measurements';
import { snapshotTiming } from '../domain/drills';
import type { Clock, Logger } from './ports';

export type SubmitResult =
  { ok: true; change: Change } | { ok: false; errors: FieldErrors; earliestStart?: string };

export type ActResult = { found: false } | { found: true; decision: Decision; change: Change };

export type RescheduleInput = Pick<
  ChangeRequestInput,
  'startDate' | 'startTime' | 'endDate' | 'endTime' | 'expedited' | 'expeditedReason'
>;

export interface LifecycleDeps {
  store: ChangeStore;
  process: ProcessDefinition;
  clock: Clock;
  logger: Logger;
  /** Called after a write that queued deliveries; the bot answers the user first, then this sends. */
  onQueued?: (changeId: string) => void;
  /** The blackouts in force (process file and calendar); default: the process file's. */
  blackouts?: () => readonly Blackout[];
  /** Where a timed snapshot (Started, then Done) is kept, for the snapshot reminder's measured figure. */
  measurements?: Pick<Measurements, 'saveSnapshot'>;
  /** STATUS_SUBSCRIPTIONS=on: each new public event also queues a notice to the status page's subscribers. */
  subscriptions?: boolean;
}

/**
 * The application's use cases: each runs the pure domain on a stored change and stores the result with its
 * queued notices in one durable write. Nothing here knows Teams.
 */
export function createLifecycle(deps: LifecycleDeps) {
  const { store, process: proc, clock } = deps;
  const blackouts = deps.blackouts ?? (() => proc.blackouts);

  /** `serviceProc` is the process of the change's service (processFor): its name, lead time and time zone. */
  function blackoutCheck(
    window: Change['window'],
    expedited: boolean,
    reason: string | undefined,
    now: Date,
    serviceProc: ProcessDefinition,
  ) {
    return checkBlackouts(window, serviceProc.service.name, blackouts(), {
      expedited,
      reason: (reason ?? '').trim(),
      notBefore: expedited ? now : earliestAllowedStart(serviceProc, now).toJSDate(),
      timeZone: serviceProc.timeZone,
    });
  }

  function overlapsFor(window: Change['window'], serviceProc: ProcessDefinition, selfId?: string): string[] {
    return overlappingChanges(window, serviceProc.service, store.listActive(), proc, selfId);
  }

  async function submit(
    input: ChangeRequestInput,
    implementer: Actor,
    thread?: Change['thread'],
  ): Promise<SubmitResult> {
    const now = clock();
    const checked = checkRequest(input, proc, now);
    if (!checked.ok) return checked;
    const serviceProc = processFor(proc, checked.request.service);
    const blackout = blackoutCheck(
      checked.request.window,
      checked.request.expedited,
      checked.request.expeditedReason,
      now,
      serviceProc,
    );
    if (!blackout.ok) return { ok: false, errors: blackout.errors };
    const blackoutOverride = blackout.override;
    const overlaps = overlapsFor(checked.request.window, serviceProc);
    const year = DateTime.fromJSDate(now, { zone: serviceProc.timeZone }).year;
    const stored = await store.create(year, (id) => {
      const { change, effects } = createChange(
        { id, request: checked.request, implementer, overlaps, now, thread, blackoutOverride },
        proc,
      );
      return enqueue(change, withPersonalNotices(effects, change, proc), now);
    });
    deps.logger.info({ changeId: stored.change.id, overlaps }, 'change created');
    deps.onQueued?.(stored.change.id);
    return { ok: true, change: stored.change };
  }

  /**
   * Applies one command to a change; refusals are stored too (they are part of the history). `source` may
   * be worked out from the change as read, so that a press costs one read of the change.
   */
  async function act(
    id: string,
    command: Omit<Command, 'at' | 'source'> & { at?: Date; source?: string | ((current: Change) => string) },
  ): Promise<ActResult> {
    let decision: Decision | undefined;
    const stored = await updateOrShowCurrent(id, (current) => {
      const { source, ...rest } = command;
      const sourceName = typeof source === 'function' ? source(current) : source;
      // The domain sees the process of the change's serviceProc service: its approvers, snapshot and timings.
      const serviceProc = processFor(proc, current);
      decision = decide(
        current,
        { ...rest, at: command.at ?? clock(), ...(sourceName ? { source: sourceName } : {}) },
        serviceProc,
      );
      if (!decision.accepted) return decision.change === current ? undefined : decision.change;
      const at = command.at ?? clock();
      const effects = [
        ...withPersonalNotices(decision.effects, decision.change, serviceProc),
        ...(deps.subscriptions ? subscriberEffects(current, decision.change, at) : []),
      ];
      return enqueue(decision.change, effects, at);
    });
    if (stored === 'conflict') return conflictAnswer(id);
    if (!stored || !decision) return { found: false };
    if (!decision.accepted && decision.refusal.code === 'forbidden' && command.by !== 'system') {
      // Not stored when the presser has no role on the change (see decide): the log keeps the trace.
      deps.logger.info(
        { changeId: id, event: command.event.type, by: command.by.aadObjectId, name: command.by.name },
        'press refused: not allowed for this person',
      );
    }
    if (decision.accepted && decision.effects.length > 0) deps.onQueued?.(id);
    if (decision.accepted && command.event.type === 'snapshot.done') await keepSnapshotTiming(stored.change);
    return { found: true, decision, change: stored.change };
  }

  /** The press is stored already: a timing that cannot be kept is logged, never turned into a failed press. */
  async function keepSnapshotTiming(change: Change): Promise<void> {
    const timing = snapshotTiming(change);
    if (!timing || !deps.measurements) return;
    try {
      await deps.measurements.saveSnapshot(timing);
    } catch (error) {
      deps.logger.warn({ err: error, changeId: change.id }, 'snapshot timing not kept');
    }
  }

  /** update(), or 'conflict' when other instances won the race for this change twice (shared stores). */
  async function updateOrShowCurrent(id: string, transform: (current: Change) => Change | undefined) {
    try {
      return await store.update(id, transform);
    } catch (error) {
      if (error instanceof WriteConflictError) return 'conflict' as const;
      throw error;
    }
  }

  /** Nothing was applied: the presser sees the change as it is now and may press again. */
  async function conflictAnswer(id: string): Promise<ActResult> {
    const current = await store.get(id);
    if (!current) return { found: false };
    deps.logger.warn(
      { changeId: id },
      'press not applied: another instance wrote the change at the same time',
    );
    return {
      found: true,
      change: current.change,
      decision: {
        accepted: false,
        change: current.change,
        refusal: {
          code: 'stale',
          message:
            'Someone changed this change at the same moment; this is how it stands now. Press again if it is still needed.',
        },
      },
    };
  }

  /** Checks a new window for a change, then reschedules it (a NOGO'd or blocked change comes back to planned). */
  async function reschedule(
    id: string,
    input: RescheduleInput,
    by: Actor,
    revision?: number,
    source?: string,
  ): Promise<ActResult | { found: true; change: Change; errors: FieldErrors; earliestStart?: string }> {
    const expedited = (input.expedited ?? '').trim().toLowerCase() === 'true';
    const now = clock();
    // The window is checked against the rules of the change's serviceProc service (its lead time, maximum window).
    const existing = await store.get(id);
    if (!existing) return { found: false };
    const serviceProc = processFor(proc, existing.change);
    const window = checkWindow(input, expedited, serviceProc, now);
    const blackout = window.ok
      ? blackoutCheck(window.window, expedited, input.expeditedReason, now, serviceProc)
      : undefined;
    if (!window.ok || !blackout?.ok) {
      return {
        found: true,
        change: existing.change,
        errors: !window.ok ? window.errors : blackout && !blackout.ok ? blackout.errors : {},
        ...(!window.ok && window.earliestStart ? { earliestStart: window.earliestStart } : {}),
      };
    }
    return act(id, {
      event: {
        type: 'reschedule',
        window: window.window,
        expedited,
        overlaps: overlapsFor(window.window, serviceProc, id),
        ...(blackout.override ? { blackoutOverride: blackout.override } : {}),
      },
      by,
      ...(revision !== undefined ? { revision } : {}),
      ...(source ? { source } : {}),
    });
  }

  return { submit, act, reschedule, process: proc, blackouts };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
