import { checkRequest, checkWindow, LIMITS } from '../../src/domain/request';
import { createChange } from '../../src/domain/create';
import { DAY, formInput, implementer, local, testProcess, zurich } from './support';

const process = testProcess();
/** Monday 4 January 2027, 10:00 in Zurich: the moment the form is submitted. */
const now = zurich('2027-01-04 10:00');
/** Well past the 21-day lead time. */
const LATER = '2027-02-06 18:00';

function errorsOf(input: Parameters<typeof checkRequest>[0]) {
  const result = checkRequest(input, process, now);
  if (result.ok) throw new Error('Expected the form to be refused');
  return result;
}

describe('checkRequest', () => {
  it('accepts a complete form and normalises it', () => {
    const result = checkRequest(
      {
        ...formInput(LATER, { hours: 3, downtime: 45 }),
        title: '  Upgrade Moodle  ',
        tests: 'Log in\r\n\r\n  Submit a quiz  \n',
        audience: 'A@Test.example.org, b@test.example.org;\na@test.example.org',
      },
      process,
      now,
    );
    expect(result).toEqual({
      ok: true,
      request: {
        title: 'Upgrade Moodle',
        description: 'Upgrade the learning platform and its plugins on Hannibal.',
        window: { start: '2027-02-06T17:00:00.000Z', end: '2027-02-06T20:00:00.000Z' },
        downtimeMinutes: 45,
        tests: ['Log in', 'Submit a quiz'],
        rollback: 'Restore the data snapshot taken before the window.',
        audienceEmails: ['a@test.example.org', 'b@test.example.org'],
        expedited: false,
        expeditedReason: '',
        service: 'ISC Learn Platform',
      },
    });
  });

  it('uses the start date when the end date is left empty', () => {
    const result = checkRequest({ ...formInput(LATER), endDate: '', endTime: '20:30' }, process, now);
    expect(result.ok && result.request.window.end).toBe('2027-02-06T19:30:00.000Z');
  });

  it('refuses missing and too long texts, each on its own field', () => {
    const { errors } = errorsOf({
      ...formInput(LATER),
      title: 'x'.repeat(LIMITS.title + 1),
      description: '   ',
      rollback: 'y'.repeat(LIMITS.rollback + 5),
    });
    expect(errors.title).toBe(
      `Title is too long (${LIMITS.title + 1} characters; at most ${LIMITS.title}). Shorten it.`,
    );
    expect(errors.description).toBe('What will be modified is required.');
    expect(errors.rollback).toMatch(/^Rollback plan is too long .*Shorten it\.$/);
    expect(Object.keys(errors).sort()).toEqual(['description', 'rollback', 'title']);
  });

  it('accepts a title of exactly the limit', () => {
    expect(checkRequest({ ...formInput(LATER), title: 't'.repeat(LIMITS.title) }, process, now).ok).toBe(
      true,
    );
  });

  it('requires at least one validation test, and bounds their number and length', () => {
    expect(errorsOf({ ...formInput(LATER), tests: ' \n \n' }).errors.tests).toMatch(
      /at least one validation test, one per line/,
    );
    const many = Array.from({ length: LIMITS.tests + 1 }, (_, i) => `check ${i}`).join('\n');
    expect(errorsOf({ ...formInput(LATER), tests: many }).errors.tests).toMatch(
      /At most 30 validation tests/,
    );
    const long = `short\n${'z'.repeat(LIMITS.test + 1)}`;
    expect(errorsOf({ ...formInput(LATER), tests: long }).errors.tests).toMatch(/^Test 2 is too long/);
  });

  it('names the address that is not an e-mail', () => {
    const { errors } = errorsOf({ ...formInput(LATER), audience: 'ok@test.example.org, someone at example' });
    expect(errors.audience).toBe(
      '"someone" is not an e-mail address; separate addresses with commas or new lines.',
    );
    expect(errorsOf({ ...formInput(LATER), audience: 'a@b' }).errors.audience).toMatch(
      /"a@b" is not an e-mail/,
    );
  });

  it('refuses an end before or equal to the start, showing what was entered', () => {
    const { errors } = errorsOf({ ...formInput(LATER), endDate: '2027-02-06', endTime: '17:00' });
    expect(errors.endTime).toBe('End must be after start (you entered 2027-02-06 18:00 → 2027-02-06 17:00).');
    const same = errorsOf({ ...formInput(LATER), endDate: '2027-02-06', endTime: '18:00' });
    expect(same.errors.endTime).toBe(
      'End must be after start (you entered 2027-02-06 18:00 → 2027-02-06 18:00).',
    );
  });

  it('refuses malformed dates and times with the expected format', () => {
    const { errors } = errorsOf({ ...formInput(LATER), startDate: '06/02/2027', endTime: '8pm' });
    expect(errors.startDate).toBe('Start date is required as YYYY-MM-DD (you entered "06/02/2027").');
    expect(errors.endTime).toBe('End time is required as HH:mm, 24-hour (you entered "8pm").');
    expect(errorsOf({ ...formInput(LATER), startDate: '2027-02-30' }).errors.startDate).toMatch(
      /is not a real date and time/,
    );
  });

  it('refuses a start in the past, even when expedited', () => {
    const { errors, earliestStart } = errorsOf({
      ...formInput('2027-01-04 09:00', { now }),
      expedited: 'true',
    });
    expect(errors.startDate).toBe(
      'Start Mon 4 Jan 2027, 09:00 is in the past (now it is Mon 4 Jan 2027, 10:00 in Europe/Zurich).',
    );
    expect(earliestStart).toBeUndefined();
  });

  it('refuses a window longer than maxWindow and says when to end at the latest', () => {
    const { errors } = errorsOf({ ...formInput(LATER, { hours: 12.5 }) });
    expect(errors.endTime).toBe(
      'The window is longer than the 12 h the process allows; end at Sun 7 Feb 2027, 06:00 at the latest, or split the change.',
    );
    expect(checkRequest(formInput(LATER, { hours: 12 }), process, now).ok).toBe(true);
  });

  it('refuses a start inside the lead time with the earliest allowed start and the expedited hint', () => {
    const result = errorsOf(formInput('2027-01-20 18:00'));
    expect(result.errors.startDate).toBe(
      'Starts too soon: the process needs 21 days of notice, so the earliest allowed start is ' +
        'Mon 25 Jan 2027, 10:00 (Europe/Zurich). Pick a later date, or mark the change expedited.',
    );
    expect(result.earliestStart).toBeDefined();
    expect(local(result.earliestStart!)).toBe('2027-01-25 10:00');
    expect(Object.keys(result.errors)).toEqual(['startDate']);
  });

  it('words the lead time in English whatever the server locale (a Swiss server may run with de_CH)', () => {
    const swiss = { ...process, leadTime: process.leadTime.reconfigure({ locale: 'de-CH' }) };
    const result = checkRequest(formInput('2027-01-20 18:00'), swiss, now);
    expect(!result.ok && result.errors.startDate).toMatch(
      /^Starts too soon: the process needs 21 days of notice/,
    );
  });

  it('accepts a start exactly at the end of the lead time', () => {
    expect(checkRequest(formInput('2027-01-25 10:00'), process, now).ok).toBe(true);
    expect(checkRequest(formInput('2027-01-25 09:59'), process, now).ok).toBe(false);
  });

  it('accepts an expedited change inside the lead time and flags its overdue milestones late', () => {
    const result = checkRequest(formInput('2027-01-09 18:00', { expedited: true }), process, now);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.request.expedited).toBe(true);
    const { change } = createChange(
      { id: 'CHG-2027-002', request: result.request, implementer, overlaps: [], now },
      process,
    );
    // D-21 and D-14 are in the past; D-7 (2 Jan) too; D-1 (8 Jan) and later are not.
    expect(change.milestones.preparation.late).toBe(true);
    expect(change.milestones.precheck.late).toBe(true);
    expect(change.milestones.goNoGo.late).toBe(true);
    expect(change.milestones.reminder.late).toBeUndefined();
    expect(change.milestones.snapshot.late).toBeUndefined();
    expect(change.milestones.start.late).toBeUndefined();
    expect(change.history[0]).toMatchObject({ event: 'create', note: 'expedited' });
  });

  it('refuses an expedited value that is not true or false', () => {
    expect(errorsOf({ ...formInput(LATER), expedited: 'yes' }).errors.expedited).toBe(
      'Expedited must be "true" or "false" (you sent "yes").',
    );
  });

  it('refuses a downtime longer than the window, and a downtime that is not whole minutes', () => {
    const { errors } = errorsOf(formInput(LATER, { hours: 2, downtime: 121 }));
    expect(errors.downtime).toBe(
      'Downtime 121 min is longer than the window (120 min); lengthen the window or lower the downtime.',
    );
    expect(checkRequest(formInput(LATER, { hours: 2, downtime: 120 }), process, now).ok).toBe(true);
    expect(errorsOf({ ...formInput(LATER), downtime: '1.5' }).errors.downtime).toMatch(/whole minutes/);
    expect(errorsOf({ ...formInput(LATER), downtime: '' }).errors.downtime).toMatch(/whole minutes/);
  });

  it('reports every independent problem at once', () => {
    const { errors } = errorsOf({
      ...formInput(LATER),
      title: '',
      tests: '',
      audience: 'nope',
      downtime: 'x',
    });
    expect(Object.keys(errors).sort()).toEqual(['audience', 'downtime', 'tests', 'title']);
  });
});

describe('checkWindow', () => {
  it('is the same check the form uses, for reschedule', () => {
    const ok = checkWindow(
      { startDate: '2027-02-06', startTime: '18:00', endDate: '2027-02-06', endTime: '19:00' },
      false,
      process,
      now,
    );
    expect(ok).toEqual({
      ok: true,
      window: { start: '2027-02-06T17:00:00.000Z', end: '2027-02-06T18:00:00.000Z' },
    });
    const soon = checkWindow(
      { startDate: '2027-01-05', startTime: '18:00', endTime: '19:00' },
      false,
      process,
      new Date(now.getTime() + DAY),
    );
    expect(soon.ok).toBe(false);
  });
});
