import type { Lifecycle } from '../app/lifecycle';
import type { Delivery } from '../app/delivery';
import type { Clock, Logger } from '../app/ports';
import type { Change, MilestoneName } from '../domain/change';
import type { ChangeStore } from '../store/types';

export interface TickDeps {
  store: ChangeStore;
  lifecycle: Lifecycle;
  delivery: Delivery;
  clock: Clock;
  logger: Logger;
}

/** Pending milestones due at `now`, earliest first. */
export function dueMilestones(change: Change, now: Date): MilestoneName[] {
  // The change's own milestones, whatever the registry that planned them named.
  return (Object.keys(change.milestones) as MilestoneName[])
    .filter((name) => {
      const milestone = change.milestones[name];
      return milestone.state === 'pending' && Date.parse(milestone.due) <= now.getTime();
    })
    .sort((a, b) => Date.parse(change.milestones[a].due) - Date.parse(change.milestones[b].due));
}

/**
 * One scheduler tick. What is due comes from the store's active index (changes with a pending milestone or a
 * delivery due at `now`), never from in-memory timers, so a restart loses nothing: after downtime the missed
 * milestones are due and are handled here, in order, each once (the domain labels them late, or records them
 * as skipped when they no longer make sense). Then the change's outbox is delivered.
 *
 * A tick started while the previous one still runs joins it instead of running beside it; the next tick
 * handles whatever came due meanwhile.
 */
export function createTick(deps: TickDeps): () => Promise<void> {
  let running: Promise<void> | undefined;

  async function handleChange(id: string, now: Date): Promise<void> {
    const log = deps.logger.child({ changeId: id });
    try {
      const stored = await deps.store.get(id);
      if (!stored) return;
      for (const name of dueMilestones(stored.change, now)) {
        const result = await deps.lifecycle.act(id, {
          event: { type: 'milestone', name },
          by: 'system',
          at: now,
        });
        if (!result.found || !result.decision.accepted) continue;
        const milestone = result.change.milestones[name];
        log.info(
          {
            milestone: name,
            state: milestone.state,
            ...(milestone.late ? { late: true } : {}),
            ...(milestone.reason ? { reason: milestone.reason } : {}),
          },
          milestone.state === 'skipped' ? 'milestone skipped' : 'milestone handled',
        );
      }
      await deps.delivery.deliver(id);
    } catch (error) {
      log.error({ err: error }, 'tick failed for this change; the next tick tries again');
    }
  }

  async function tick(): Promise<void> {
    const now = deps.clock();
    for (const summary of deps.store.due(now)) await handleChange(summary.id, now);
  }

  return () => {
    if (running) return running;
    running = tick().finally(() => {
      running = undefined;
    });
    return running;
  };
}
