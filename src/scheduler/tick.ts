import type { Lifecycle } from '../app/lifecycle';
import type { Delivery } from '../app/delivery';
import type { Clock, Logger } from '../app/ports';
import { MILESTONE_NAMES } from '../domain/change';
import type { ChangeStore } from '../store/types';

export interface TickDeps {
  store: ChangeStore;
  lifecycle: Lifecycle;
  delivery: Delivery;
  clock: Clock;
  logger: Logger;
}

/**
 * One scheduler tick: what is due comes from the store's active index, never from in-memory timers, so a
 * restart loses nothing. Missed milestones are handled in order; the domain labels them late or skips them.
 */
export function createTick(deps: TickDeps): () => Promise<void> {
  return async function tick(): Promise<void> {
    const now = deps.clock();
    for (const summary of deps.store.due(now)) {
      const log = deps.logger.child({ changeId: summary.id });
      try {
        const stored = await deps.store.get(summary.id);
        if (!stored) continue;
        const due = MILESTONE_NAMES.filter((name) => {
          const milestone = stored.change.milestones[name];
          return milestone.state === 'pending' && Date.parse(milestone.due) <= now.getTime();
        }).sort(
          (a, b) => Date.parse(stored.change.milestones[a].due) - Date.parse(stored.change.milestones[b].due),
        );
        for (const name of due) {
          const result = await deps.lifecycle.act(summary.id, {
            event: { type: 'milestone', name },
            by: 'system',
            at: now,
          });
          if (result.found && result.decision.accepted) log.info({ milestone: name }, 'milestone handled');
        }
        await deps.delivery.deliver(summary.id);
      } catch (error) {
        log.error({ err: error }, 'tick failed for this change; it is tried again next tick');
      }
    }
  };
}
