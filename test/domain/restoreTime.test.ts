import { windowShortfall } from '../../src/domain/restoreTime';
import { sampleProcess as proc } from '../cards/samples';

/** The window check counts real time: on DST nights a window is an hour longer or shorter than the wall clock says. */
describe('windowShortfall: downtime + decision margin (30 min) + shortest restore (1 h) must fit the window', () => {
  const service = 'ISC Learn Platform';

  it('01:00–04:00 on the night clocks go forward (29 Mar 2026) is 2 real hours: 30 min of downtime fits, 31 does not', () => {
    const window = { start: '2026-03-29T00:00:00.000Z', end: '2026-03-29T02:00:00.000Z' };
    expect(windowShortfall(window, 30, proc, service)).toBeUndefined();
    expect(windowShortfall(window, 31, proc, service)).toEqual({
      windowMs: 2 * 3_600_000,
      downtimeMs: 31 * 60_000,
      marginMs: 30 * 60_000,
      restorePath: 'Data snapshot',
      restoreMs: 3_600_000,
      neededMs: 121 * 60_000,
    });
  });

  it('01:00–03:00 on the night clocks go back (25 Oct 2026) is 3 real hours: 90 min of downtime fits', () => {
    const window = { start: '2026-10-24T23:00:00.000Z', end: '2026-10-25T02:00:00.000Z' };
    expect(windowShortfall(window, 90, proc, service)).toBeUndefined();
    expect(windowShortfall(window, 91, proc, service)?.windowMs).toBe(3 * 3_600_000);
  });
});
