/**
 * Where a store is in its life and the work under way in it: both stores take calls only while open, and
 * close() waits for every call (and background write) still running.
 */
export class StoreState {
  current: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Runs a call, refused unless the store is open; close() waits for it. */
  track<T>(work: () => Promise<T>): Promise<T> {
    if (this.current !== 'open') {
      return Promise.reject(new Error(`The change store is ${this.current}; open() it before use.`));
    }
    return this.follow(work());
  }

  /** Work started by the store itself (a background compaction): close() waits for it too. */
  follow<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = (): void => void this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** The in-memory index may be read while open, and while closing (calls under way finish). */
  assertReadable(): void {
    if (this.current !== 'open' && this.current !== 'closing') {
      throw new Error(`The change store is ${this.current}; open() it before use.`);
    }
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
