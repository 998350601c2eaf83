/*
 * BENCH_SMOKE=1: every bench in bench/ runs once, small and short (a second or two of work), and exits 0 when
 * it worked. test/bench/smoke.test.ts runs each bench/*.bench.ts that way in `npm test`, so that a bench that
 * no longer starts (a changed process-file format, a renamed API) fails CI instead of rotting unseen. The
 * figures stay by hand, at full size. A new bench takes its sizes through `sized()`.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** `smoke` in a smoke run, else `full`. */
export function sized<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}
