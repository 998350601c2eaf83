import { DateTime } from 'luxon';
import { shortLocalTime } from '../../src/domain/localTime';
import { seededRandom } from '../store/support/seededRandom';

describe('shortLocalTime (press hot path, without luxon)', () => {
  it.each(['Europe/Zurich', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'])(
    'writes what luxon writes with "ccc d LLL, HH:mm" in %s, around the clock and across DST changes',
    (zone) => {
      const random = seededRandom(20261130);
      const from = Date.parse('2026-01-01T00:00:00Z');
      for (let n = 0; n < 500; n += 1) {
        const iso = new Date(from + Math.floor(random() * 366 * 86_400_000)).toISOString();
        expect({ iso, text: shortLocalTime(iso, zone) }).toEqual({
          iso,
          text: DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL, HH:mm'),
        });
      }
    },
  );

  it('keeps midnight as 00:00 and names a bad instant as luxon does', () => {
    expect(shortLocalTime('2026-03-01T23:00:00Z', 'Europe/Zurich')).toBe('Mon 2 Mar, 00:00');
    expect(shortLocalTime('not a time', 'Europe/Zurich')).toBe('Invalid DateTime');
  });
});
