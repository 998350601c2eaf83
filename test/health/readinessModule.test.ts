/** The readiness module on its own: caching on the bot's clock, a check that hangs, logging of changes. */
import { createReadiness, type CheckResult } from '../../src/health/readiness';
import { recordingLogger, type LoggedLine } from '../bot/support/harness';

const T0 = new Date('2026-06-01T08:00:00.000Z');

function fixture(checkTimeoutMs = 2_000) {
  let now = T0.getTime();
  let runs = 0;
  let answer: CheckResult | 'hang' = { state: 'ok' };
  const logs: LoggedLine[] = [];
  const readiness = createReadiness({
    clock: () => new Date(now),
    logger: recordingLogger(logs),
    checkTimeoutMs,
    checks: [
      {
        name: 'probe',
        run: () => {
          runs += 1;
          return answer === 'hang' ? new Promise<CheckResult>(() => undefined) : Promise.resolve(answer);
        },
      },
    ],
  });
  readiness.started();
  return {
    readiness,
    logs,
    runs: () => runs,
    answer: (next: CheckResult | 'hang') => (answer = next),
    at: (ms: number) => (now = T0.getTime() + ms),
  };
}

test('reuses a report for 5 s of the bot clock, and runs again after, or when the clock went back', async () => {
  const f = fixture();
  await f.readiness.report();
  f.answer({ state: 'failing', detail: 'broken' });
  f.at(4_999);
  expect((await f.readiness.report()).status).toBe('ready');
  expect(f.runs()).toBe(1);
  f.at(5_000);
  expect((await f.readiness.report()).status).toBe('not-ready');
  f.at(1_000); // the clock went back
  f.answer({ state: 'ok' });
  expect((await f.readiness.report()).status).toBe('ready');
  expect(f.runs()).toBe(3);
});

test('probes that arrive together share one run of the checks', async () => {
  const f = fixture();
  await Promise.all([f.readiness.report(), f.readiness.report(), f.readiness.report()]);
  expect(f.runs()).toBe(1);
});

test('a check that does not answer in time is failing, and says so', async () => {
  const f = fixture(50);
  f.answer('hang');
  expect(await f.readiness.report()).toEqual({
    status: 'not-ready',
    failing: ['probe'],
    checks: [{ name: 'probe', state: 'failing', detail: 'no answer within 50 ms' }],
  });
});

test('logs a check once when it changes state, not at every probe', async () => {
  const f = fixture();
  f.answer({ state: 'degraded', detail: 'one file quarantined' });
  for (const ms of [0, 5_000, 10_000]) {
    f.at(ms);
    await f.readiness.report();
  }
  f.answer({ state: 'ok' });
  f.at(15_000);
  await f.readiness.report();
  expect(f.logs.map((line) => [line.level, line.message])).toEqual([
    ['warn', 'readiness check degraded'],
    ['info', 'readiness check recovered'],
  ]);
});
