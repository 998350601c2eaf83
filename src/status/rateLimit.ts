/** At most `max` takes per key within `windowMs` (a sliding window, in memory: a restart forgets it). */
export function createRateLimit(max: number, windowMs: number) {
  const taken = new Map<string, number[]>();
  return {
    take(key: string, now: Date): boolean {
      const since = now.getTime() - windowMs;
      const recent = (taken.get(key) ?? []).filter((at) => at > since);
      // Keys seen once and never again must not pile up: drop the stale ones when the map grows.
      if (taken.size > 10_000)
        for (const [other, times] of taken) if (times.every((at) => at <= since)) taken.delete(other);
      if (recent.length >= max) {
        taken.set(key, recent);
        return false;
      }
      taken.set(key, [...recent, now.getTime()]);
      return true;
    },
  };
}
