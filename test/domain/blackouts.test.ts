import { blackoutsTouching, checkBlackouts, type Blackout } from '../../src/domain/blackouts';
import { zurich } from './support';

const ZONE = 'Europe/Zurich';
const SERVICE = 'ISC Learn Platform';
const EXAMS: Blackout = {
  name: 'Exam session',
  start: zurich('2027-01-18 00:00').toISOString(),
  end: zurich('2027-01-30 00:00').toISOString(),
};
const MAIL_ONLY: Blackout = { ...EXAMS, name: 'Mail freeze', services: ['Mail relay'] };

function window(start: string, end: string) {
  return { start: zurich(start).toISOString(), end: zurich(end).toISOString() };
}

const options = { expedited: false, reason: '', notBefore: zurich('2026-12-01 00:00'), timeZone: ZONE };

describe('a window and the blackouts', () => {
  test('a window inside, across the start or across the end touches; one that ends as it starts does not', () => {
    expect(blackoutsTouching(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [EXAMS])).toHaveLength(
      1,
    );
    expect(blackoutsTouching(window('2027-01-17 23:00', '2027-01-18 01:00'), SERVICE, [EXAMS])).toHaveLength(
      1,
    );
    expect(blackoutsTouching(window('2027-01-29 23:00', '2027-01-30 01:00'), SERVICE, [EXAMS])).toHaveLength(
      1,
    );
    expect(blackoutsTouching(window('2027-01-17 22:00', '2027-01-18 00:00'), SERVICE, [EXAMS])).toHaveLength(
      0,
    );
    expect(blackoutsTouching(window('2027-01-30 00:00', '2027-01-30 02:00'), SERVICE, [EXAMS])).toHaveLength(
      0,
    );
  });

  test('a blackout limited to other services does not touch this one', () => {
    expect(blackoutsTouching(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [MAIL_ONLY])).toEqual(
      [],
    );
  });

  test('refused with the name and the nearest allowed windows at the same time of day, before and after', () => {
    const check = checkBlackouts(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [EXAMS], options);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.startDate).toContain(
      '"Exam session, Mon 18 Jan 2027, 00:00 → Sat 30 Jan 2027, 00:00"',
    );
    expect(check.errors.startDate).toContain(
      'Nearest allowed windows at the same time of day (Europe/Zurich): Sun 17 Jan 2027, 18:00 → Sun 17 Jan 2027, 20:00 or Sat 30 Jan 2027, 18:00 → Sat 30 Jan 2027, 20:00.',
    );
    expect(check.errors.startDate).toContain('or tick Expedited and say why it cannot wait');
    expect(check.errors.expeditedReason).toBeUndefined();
  });

  test('the window before is left out when it would start before the lead time allows', () => {
    const check = checkBlackouts(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [EXAMS], {
      ...options,
      notBefore: zurich('2027-01-18 00:00'),
    });
    expect(!check.ok && check.errors.startDate).toContain(
      '(Europe/Zurich): Sat 30 Jan 2027, 18:00 → Sat 30 Jan 2027, 20:00.',
    );
  });

  test('the nearest windows keep their local time across a DST change (28 Mar 2027)', () => {
    const easter: Blackout = {
      name: 'Easter exams',
      start: zurich('2027-03-22 00:00').toISOString(),
      end: zurich('2027-03-29 00:00').toISOString(),
    };
    const check = checkBlackouts(window('2027-03-27 18:00', '2027-03-27 20:00'), SERVICE, [easter], options);
    expect(!check.ok && check.errors.startDate).toContain(
      'Sun 21 Mar 2027, 18:00 → Sun 21 Mar 2027, 20:00 or Mon 29 Mar 2027, 18:00 → Mon 29 Mar 2027, 20:00',
    );
  });

  test('expedited without a reason: still refused, and the reason input says what is missing', () => {
    const check = checkBlackouts(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [EXAMS], {
      ...options,
      expedited: true,
    });
    expect(!check.ok && check.errors.expeditedReason).toBe(
      'Say why this change cannot wait until after Exam session: an expedited change inside a blackout needs a reason.',
    );
  });

  test('expedited with a reason: allowed, and the override names the blackout and the reason', () => {
    const check = checkBlackouts(window('2027-01-20 18:00', '2027-01-20 20:00'), SERVICE, [EXAMS], {
      ...options,
      expedited: true,
      reason: 'Security fix for CVE-2027-0001',
    });
    expect(check).toEqual({
      ok: true,
      override: { blackouts: ['Exam session'], reason: 'Security fix for CVE-2027-0001' },
    });
  });

  test('a window clear of every blackout passes with no override', () => {
    expect(checkBlackouts(window('2027-02-06 18:00', '2027-02-06 20:00'), SERVICE, [EXAMS], options)).toEqual(
      {
        ok: true,
      },
    );
  });
});
