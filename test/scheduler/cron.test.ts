import { isValidCron, startScheduler } from '../../src/scheduler/cron';
import { recordingLogger } from '../bot/support/harness';

describe('cron scheduler', () => {
  it('accepts five fields (every minute) and six fields (seconds first), and refuses anything else', () => {
    expect(isValidCron('* * * * *')).toBe(true);
    expect(isValidCron('* * * * * *')).toBe(true);
    expect(isValidCron('*/5 * * * * *')).toBe(true);
    expect(isValidCron('every minute')).toBe(false);
    expect(isValidCron('* * * *')).toBe(false);
  });

  // Real time: node-cron fires on the wall clock, so this waits about three seconds.
  it('never starts a tick while the previous one still runs, and stops', async () => {
    let running = 0;
    let overlapped = false;
    const started: (() => void)[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const firstStarted = new Promise<void>((resolve) => started.push(resolve));
    const secondStarted = new Promise<void>((resolve) => started.push(resolve));

    const scheduler = startScheduler(
      '* * * * * *',
      'Europe/Zurich',
      async () => {
        calls += 1;
        running += 1;
        overlapped ||= running > 1;
        started.shift()?.();
        if (calls === 1) await held; // the first tick takes more than two seconds
        running -= 1;
      },
      recordingLogger(),
    );
    try {
      await firstStarted;
      await new Promise((resolve) => setTimeout(resolve, 2_200)); // two more seconds go by
      expect(calls).toBe(1);
      release();
      await secondStarted;
      expect(overlapped).toBe(false);
    } finally {
      release();
      await scheduler.stop();
    }
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(calls).toBe(after);
  });
});
