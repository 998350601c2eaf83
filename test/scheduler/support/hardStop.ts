/**
 * A hard stop of an in-process bot, as kill -9 would leave it: from the moment of the kill nothing the old
 * instance does reaches the disk or the Bot Connector. Every call into its store then never answers (so a
 * delivery under way stops before its next write, and the connector is never called after it), and its
 * HTTP listener is closed without waiting for deliveries. What the store had written before the kill stays
 * on disk for the next instance, exactly as the files of a killed process do.
 *
 * This is not a process kill: the old instance's objects stay in memory, frozen. It is deterministic (the
 * kill lands at a chosen step, e.g. after a milestone was recorded and before its notice was claimed), which
 * a SIGKILL of a child process under a fake clock could not promise.
 */
import type { Change } from '../../../src/domain/change';
import type { ChangeStore } from '../../../src/store/types';

const NEVER = new Promise<never>(() => undefined);

export interface KillSwitch {
  /** Wraps the bot's store; pass to the harness's `wrapStore`. */
  wrap(store: ChangeStore): ChangeStore;
  /** Kills at the next write that claims an outbox entry (before it is written); resolves when killed. */
  killBeforeNextClaim(): Promise<void>;
  /** Kills now. */
  kill(): void;
  readonly killed: boolean;
}

/** The write claims an outbox entry: one of its entries has one attempt more than before. */
function claims(before: Change, after: Change | undefined): boolean {
  return (
    after !== undefined &&
    after.outbox.some(
      (entry) => entry.attempts > (before.outbox.find((old) => old.key === entry.key)?.attempts ?? 0),
    )
  );
}

export function killSwitch(): KillSwitch {
  let killed = false;
  let armed: (() => void) | undefined;

  function kill(): void {
    killed = true;
    armed?.();
    armed = undefined;
  }

  return {
    get killed() {
      return killed;
    },
    kill,
    killBeforeNextClaim() {
      return new Promise<void>((resolve) => (armed = resolve));
    },
    wrap(store) {
      const update: ChangeStore['update'] = async (id, transform) => {
        if (killed) return NEVER;
        if (armed) {
          const current = (await store.get(id))?.change;
          if (current && claims(current, transform(current))) {
            kill();
            return NEVER;
          }
        }
        return store.update(id, transform);
      };
      // One guarded function per method, made once: the 30-day run calls the store some 10^5 times.
      const guarded = new Map<PropertyKey, unknown>([['update', update]]);
      return new Proxy(store, {
        get(target, property) {
          if (guarded.has(property)) return guarded.get(property);
          const value: unknown = Reflect.get(target, property, target);
          if (typeof value !== 'function') return value;
          const method = (value as (...args: unknown[]) => unknown).bind(target);
          // The synchronous index reads answer nothing once killed; everything else never answers.
          const dead = ['listActive', 'due', 'ids'].includes(String(property)) ? [] : NEVER;
          const guard = (...args: unknown[]) => (killed ? dead : method(...args));
          guarded.set(property, guard);
          return guard;
        },
      });
    },
  };
}
