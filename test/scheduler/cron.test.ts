import { cronIntervalMs, isValidCron, startScheduler } from '../../src/scheduler/cron';
import { recordingLogger } from '../bot/support/harness';

describe('cron scheduler', () => {
  it('accepts five fields (every minute) and six fields (seconds first), and refuses anything else', () => {
    expect(isValidCron('* * * * *')).toBe(true);
    expect(isValidCron('* * * * * *')).toBe(true);
    expect(isValidCron('*/5 * * * * *')).toBe(true);
    expect(isValidCron('every minute')).toBe(false);
    expect(isValidCron('* * * *')).toBe(false);
  });

  it('knows the longest gap between two ticks of an expression', () => {
    expect(cronIntervalMs('* * * * *', 'Europe/Zurich')).toBe(60_000);
    expect(cronIntervalMs('*/5 * * * * *', 'Europe/Zurich')).toBe(5_000);
    expect(cronIntervalMs('0 9 * * 1-5', 'Europe/Zurich')).toBe(3 * 24 * 3_600_000); // Friday to Monday
  });

  describe('on jest fake timers (node-cron reads Date and setTimeout, both faked)', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: new Date('2026-06-01T08:00:00.000Z') });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('never starts a tick while the previous one still runs, and stops', async () => {
      let running = 0;
      let overlapped = false;
      let calls = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));

      const scheduler = startScheduler(
        '* * * * * *',
        'Europe/Zurich',
        async () => {
          calls += 1;
          running += 1;
          overlapped ||= running > 1;
          if (calls === 1) await held; // the first tick takes longer than several seconds
          running -= 1;
        },
        recordingLogger(),
      );
      try {
        await jest.advanceTimersByTimeAsync(1_000);
        expect(calls).toBe(1);
        await jest.advanceTimersByTimeAsync(3_000); // three more seconds while the first tick runs
        expect(calls).toBe(1);

        release();
        await jest.advanceTimersByTimeAsync(2_000);
        expect(calls).toBeGreaterThanOrEqual(2);
        expect(overlapped).toBe(false);
      } finally {
        release();
        await scheduler.stop();
      }
      const after = calls;
      await jest.advanceTimersByTimeAsync(5_000);
      expect(calls).toBe(after);
    });
  });
});
