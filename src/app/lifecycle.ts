import { DateTime } from 'luxon';
import type { Actor, Change } from '../domain/change';
import { createChange } from '../domain/create';
import { decide } from '../domain/decide';
import type { Command, Decision } from '../domain/events';
import type { ProcessDefinition } from '../domain/process';
import { checkRequest, checkWindow, type ChangeRequestInput, type FieldErrors } from '../domain/request';
import { findOverlaps } from '../domain/schedule';
import type { ChangeStore } from '../store/types';
import { enqueue } from './outbox';
import type { Clock, Logger } from './ports';

export type SubmitResult =
  { ok: true; change: Change } | { ok: false; errors: FieldErrors; earliestStart?: string };

export type ActResult = { found: false } | { found: true; decision: Decision; change: Change };

export type RescheduleInput = Pick<
  ChangeRequestInput,
  'startDate' | 'startTime' | 'endDate' | 'endTime' | 'expedited'
>;

export interface LifecycleDeps {
  store: ChangeStore;
  process: ProcessDefinition;
  clock: Clock;
  logger: Logger;
  /** Called after a write that queued deliveries; the bot answers the user first, then this sends. */
  onQueued?: (changeId: string) => void;
}

/**
 * The application's use cases: each runs the pure domain on a stored change and stores the result with its
 * queued notices in one durable write. Nothing here knows Teams.
 */
export function createLifecycle(deps: LifecycleDeps) {
  const { store, process, clock } = deps;

  function overlapsFor(window: Change['window'], selfId?: string): string[] {
    return findOverlaps(window, process.service.name, store.listActive(), selfId);
  }

  async function submit(
    input: ChangeRequestInput,
    implementer: Actor,
    thread?: Change['thread'],
  ): Promise<SubmitResult> {
    const now = clock();
    const checked = checkRequest(input, process, now);
    if (!checked.ok) return checked;
    const overlaps = overlapsFor(checked.request.window);
    const year = DateTime.fromJSDate(now, { zone: process.timeZone }).year;
    const stored = await store.create(year, (id) => {
      const { change, effects } = createChange(
        { id, request: checked.request, implementer, overlaps, now, thread },
        process,
      );
      return enqueue(change, effects, now);
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
    const stored = await store.update(id, (current) => {
      const { source, ...rest } = command;
      const sourceName = typeof source === 'function' ? source(current) : source;
      decision = decide(
        current,
        { ...rest, at: command.at ?? clock(), ...(sourceName ? { source: sourceName } : {}) },
        process,
      );
      if (!decision.accepted) return decision.change === current ? undefined : decision.change;
      return enqueue(decision.change, decision.effects, command.at ?? clock());
    });
    if (!stored || !decision) return { found: false };
    if (!decision.accepted && decision.refusal.code === 'forbidden' && command.by !== 'system') {
      // Not stored when the presser has no role on the change (see decide): the log keeps the trace.
      deps.logger.info(
        { changeId: id, event: command.event.type, by: command.by.aadObjectId, name: command.by.name },
        'press refused: not allowed for this person',
      );
    }
    if (decision.accepted && decision.effects.length > 0) deps.onQueued?.(id);
    return { found: true, decision, change: stored.change };
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
    const window = checkWindow(input, expedited, process, clock());
    if (!window.ok) {
      const existing = await store.get(id);
      if (!existing) return { found: false };
      return {
        found: true,
        change: existing.change,
        errors: window.errors,
        ...(window.earliestStart ? { earliestStart: window.earliestStart } : {}),
      };
    }
    return act(id, {
      event: {
        type: 'reschedule',
        window: window.window,
        expedited,
        overlaps: overlapsFor(window.window, id),
      },
      by,
      ...(revision !== undefined ? { revision } : {}),
      ...(source ? { source } : {}),
    });
  }

  return { submit, act, reschedule, process };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
