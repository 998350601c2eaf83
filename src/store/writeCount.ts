import type { ChangeStore } from './types';

const WRITES = new Set<PropertyKey>(['create', 'save', 'update']);

/**
 * The store as it is, plus a count of the change writes this process made through it: views built from the
 * stored changes (the public status pages) keep their rendering until the count moves. A Proxy rather than a
 * hand-written wrapper, so that every other method, optional ones included, reaches the store unchanged.
 */
export function countingWrites(store: ChangeStore): { store: ChangeStore; writes: () => number } {
  let writes = 0;
  const counted = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!WRITES.has(property)) return method.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await method.apply(target, args);
        } finally {
          // A failed write may still have changed what readers see (a creation whose folder fsync failed).
          writes += 1;
        }
      };
    },
  });
  return { store: counted, writes: () => writes };
}
