import type { Change } from '../domain/change';
import type { ChangeIndex } from './changeIndex';
import { formatChangeId } from './changeIds';
import type { KeyedMutex } from './keyedMutex';
import type { StoredChange } from './types';

export interface Allocation {
  index: ChangeIndex;
  /** Keys: `year:<year>` while allocating, then the id tried; shared with the store's writes to a change. */
  locks: KeyedMutex;
  /** Creates the change only if its id is free (create-only write); false when someone else took the id. */
  createIfFree: (stored: StoredChange) => Promise<boolean>;
  /** Told about an id another process or instance took first. */
  taken: (id: string) => void;
}

/**
 * The one id loop of both stores: the next number of the year after the highest one known, and on a lost
 * race (another process or instance created that id meanwhile) the one after, until a create-only write wins.
 */
export function createWithNextId(
  allocation: Allocation,
  year: number,
  build: (id: string) => Change,
): Promise<StoredChange> {
  const { index, locks } = allocation;
  return locks.run(`year:${year}`, async () => {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      throw new RangeError(`A change id needs a four-digit year, not ${year}.`);
    }
    for (let number = index.highest(year) + 1; ; number += 1) {
      const id = formatChangeId(year, number);
      const change = build(id);
      if (change.id !== id) {
        throw new Error(
          `create() must store the change under the id it allocated (${id}), not ${change.id}.`,
        );
      }
      const stored: StoredChange = { change, version: 1 };
      const created = await locks.run(id, () => allocation.createIfFree(stored));
      index.addId(id);
      if (created) return stored;
      allocation.taken(id);
    }
  });
}
