import { Duration } from 'luxon';
import {
  formatDowntime,
  formatDuration,
  formatInstant,
  formatSeconds,
  formatWindow,
  toFormDateTime,
} from '../../src/cards/format';

const ZONE = 'Europe/Zurich';

describe('times on cards', () => {
  it('writes a window within one day with its date once, local time and the zone', () => {
    expect(formatWindow({ start: '2026-12-19T17:00:00Z', end: '2026-12-19T21:00:00Z' }, ZONE)).toBe(
      'Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)',
    );
  });

  it('writes both dates when the window crosses midnight', () => {
    expect(formatWindow({ start: '2026-12-19T21:00:00Z', end: '2026-12-20T01:00:00Z' }, ZONE)).toBe(
      'Sat 19 Dec 2026, 22:00 – Sun 20 Dec 2026, 02:00 (Europe/Zurich)',
    );
  });

  it('follows daylight saving time: summer offset, and the night the clocks go forward', () => {
    expect(formatInstant('2026-06-20T06:00:00Z', ZONE)).toBe('Sat 20 Jun 2026, 08:00 (Europe/Zurich)');
    expect(formatWindow({ start: '2026-03-29T00:30:00Z', end: '2026-03-29T02:30:00Z' }, ZONE)).toBe(
      'Sun 29 Mar 2026, 01:30–04:30 (Europe/Zurich)',
    );
  });

  it('gives the form its local date and time', () => {
    expect(toFormDateTime('2026-12-19T23:30:00Z', ZONE)).toEqual({ date: '2026-12-20', time: '00:30' });
  });

  it('writes durations in words a reader scans', () => {
    expect(formatSeconds(9000)).toBe('2 h 30 min');
    expect(formatSeconds(3600)).toBe('1 h');
    expect(formatSeconds(90)).toBe('1 min 30 s');
    expect(formatSeconds(0)).toBe('0 min');
    expect(formatDuration(Duration.fromISO('P21D'))).toBe('21 days');
    expect(formatDuration(Duration.fromISO('P1D'))).toBe('1 day');
    expect(formatDowntime(0)).toBe('none expected');
    expect(formatDowntime(45)).toBe('about 45 min');
  });
});
