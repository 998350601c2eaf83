import { checkRequest } from '../../src/domain/request';
import { milestoneDues } from '../../src/domain/schedule';
import { DAY, HOUR, MINUTE, formInput, local, newChange, testProcess, zurich } from './support';

const process = testProcess();
const now = zurich('2027-01-04 10:00');

/** Real elapsed time between two instants, in minutes. */
function minutesBetween(a: Date | string, b: Date | string): number {
  return (new Date(b).getTime() - new Date(a).getTime()) / MINUTE;
}

describe('milestones across the DST switches of Europe/Zurich', () => {
  it('keeps day offsets at the same local time when clocks go forward (Sunday 28 March 2027)', () => {
    const { change } = newChange('2027-03-28 18:00', { now });
    const local_ = (name: keyof typeof change.milestones) => local(change.milestones[name].due);
    expect(change.window.start).toBe('2027-03-28T16:00:00.000Z'); // CEST, UTC+2
    expect(local_('preparation')).toBe('2027-03-07 18:00');
    expect(local_('precheck')).toBe('2027-03-14 18:00');
    expect(local_('goNoGo')).toBe('2027-03-21 18:00');
    expect(local_('reminder')).toBe('2027-03-27 18:00');
    // D-7 is 7 local days but only 7 × 24 − 1 real hours earlier: the night of the switch has 23 hours.
    expect(change.milestones.goNoGo.due).toBe('2027-03-21T17:00:00.000Z');
    expect(minutesBetween(change.milestones.goNoGo.due, change.window.start)).toBe(7 * 24 * 60 - 60);
    expect(minutesBetween(change.milestones.reminder.due, change.window.start)).toBe(23 * 60);
  });

  it('keeps day offsets at the same local time when clocks go back (Sunday 31 October 2027)', () => {
    const { change } = newChange('2027-10-31 10:00', { now });
    expect(change.window.start).toBe('2027-10-31T09:00:00.000Z'); // CET, UTC+1
    expect(local(change.milestones.goNoGo.due)).toBe('2027-10-24 10:00');
    expect(change.milestones.goNoGo.due).toBe('2027-10-24T08:00:00.000Z'); // CEST, UTC+2
    expect(local(change.milestones.reminder.due)).toBe('2027-10-30 10:00');
    expect(minutesBetween(change.milestones.reminder.due, change.window.start)).toBe(25 * 60);
    expect(local(change.milestones.preparation.due)).toBe('2027-10-10 10:00');
  });

  it('takes the snapshot 2h30 + 15 min of real time before a start just after the spring switch', () => {
    const { change } = newChange('2027-03-28 04:00', { now });
    expect(minutesBetween(change.milestones.snapshot.due, change.window.start)).toBe(165);
    // 04:00 CEST is 02:00 UTC; 165 minutes earlier is 23:15 UTC, i.e. 00:15 CET: 3h45 on the wall clock.
    expect(local(change.milestones.snapshot.due)).toBe('2027-03-28 00:15');
  });

  it('takes the snapshot 2h30 + 15 min of real time before a start just after the autumn switch', () => {
    const { change } = newChange('2027-10-31 04:00', { now });
    expect(minutesBetween(change.milestones.snapshot.due, change.window.start)).toBe(165);
    // 04:00 CET is 03:00 UTC; 165 minutes earlier is 00:15 UTC, i.e. 02:15 CEST: 1h45 on the wall clock.
    expect(change.milestones.snapshot.due).toBe('2027-10-31T00:15:00.000Z');
    expect(local(change.milestones.snapshot.due)).toBe('2027-10-31 02:15');
  });

  it('measures a window crossing the spring switch in real time (01:00–04:00 lasts 2 h)', () => {
    const { change } = newChange('2027-03-28 01:00', { end: '2027-03-28 04:00', now });
    expect(change.window).toEqual({ start: '2027-03-28T00:00:00.000Z', end: '2027-03-28T02:00:00.000Z' });
    expect(minutesBetween(change.window.start, change.window.end)).toBe(120);
    // The decision point is 30 real minutes before the end.
    expect(local(change.milestones.decision.due)).toBe('2027-03-28 03:30');
    expect(minutesBetween(change.milestones.decision.due, change.window.end)).toBe(30);
    // Downtime is checked against the real length, not the wall-clock difference.
    const tooLong = checkRequest(
      formInput('2027-03-28 01:00', { end: '2027-03-28 04:00', downtime: 150 }),
      process,
      now,
    );
    expect(tooLong.ok).toBe(false);
    expect(!tooLong.ok && tooLong.errors.downtime).toMatch(/longer than the window \(120 min\)/);
  });

  it('measures a window crossing the autumn switch in real time (01:00–04:00 lasts 4 h)', () => {
    const { change } = newChange('2027-10-31 01:00', { end: '2027-10-31 04:00', now, downtime: 200 });
    expect(minutesBetween(change.window.start, change.window.end)).toBe(240);
    expect(change.downtimeMinutes).toBe(200);
  });

  it('applies maxWindow in real time across a switch', () => {
    // 20:00 → 09:00 next morning is 13 wall-clock hours but only 12 real hours on the spring night.
    const spring = checkRequest(formInput('2027-03-27 20:00', { end: '2027-03-28 09:00' }), process, now);
    expect(spring.ok).toBe(true);
    // 22:00 → 09:00 is 11 wall-clock hours but 12 real hours on the autumn night: still allowed; 09:01 is not.
    expect(checkRequest(formInput('2027-10-30 22:00', { end: '2027-10-31 09:00' }), process, now).ok).toBe(
      true,
    );
    expect(checkRequest(formInput('2027-10-30 22:00', { end: '2027-10-31 09:01' }), process, now).ok).toBe(
      false,
    );
  });

  it('refuses a start inside the spring DST gap with a clear message', () => {
    const result = checkRequest(
      { ...formInput('2027-03-28 01:00'), startTime: '02:30', endTime: '05:00' },
      process,
      now,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.startTime).toBe(
      'Start 2027-03-28 02:30 does not exist in Europe/Zurich (the clocks jump forward then). Pick another time.',
    );
  });

  it('refuses an end inside the spring DST gap too', () => {
    const result = checkRequest({ ...formInput('2027-03-28 01:00'), endTime: '02:15' }, process, now);
    expect(!result.ok && result.errors.endTime).toMatch(
      /^End 2027-03-28 02:15 does not exist in Europe\/Zurich/,
    );
  });

  it('computes the same instants with milestoneDues as createChange stores', () => {
    const { change } = newChange('2027-03-28 18:00', { now });
    const dues = milestoneDues(change.window, process);
    expect(dues.start.getTime() - dues.snapshot.getTime()).toBe(2.5 * HOUR + 15 * MINUTE);
    expect(dues.start.getTime() - dues.preparation.getTime()).toBe(21 * DAY - HOUR);
    expect(dues.goNoGo.toISOString()).toBe(change.milestones.goNoGo.due);
  });
});
