import { audienceEmails, ownerEmails, publicNotice } from '../../src/domain/recipients';
import { findOverlaps, windowsOverlap } from '../../src/domain/schedule';
import { PROCESS_AUDIENCE, approver, implementer, newChange, secondApprover, testProcess } from './support';

const at = (hhmm: string) => `2027-06-19T${hhmm}:00.000Z`;
const window = (from: string, to: string) => ({ start: at(from), end: at(to) });

describe('overlapping windows', () => {
  it('overlap when they share any time, not when one ends as the other starts', () => {
    expect(windowsOverlap(window('16:00', '18:00'), window('17:59', '19:00'))).toBe(true);
    expect(windowsOverlap(window('16:00', '18:00'), window('16:30', '17:00'))).toBe(true);
    expect(windowsOverlap(window('16:30', '17:00'), window('16:00', '18:00'))).toBe(true);
    expect(windowsOverlap(window('16:00', '18:00'), window('16:00', '18:00'))).toBe(true);
    expect(windowsOverlap(window('16:00', '18:00'), window('18:00', '19:00'))).toBe(false);
    expect(windowsOverlap(window('18:00', '19:00'), window('16:00', '18:00'))).toBe(false);
  });

  it('are found on the same service only, never the change itself', () => {
    const mine = window('16:00', '18:00');
    const others = [
      { id: 'CHG-2027-001', service: 'ISC Learn Platform', window: mine },
      { id: 'CHG-2027-002', service: 'ISC Learn Platform', window: window('17:00', '19:00') },
      { id: 'CHG-2027-003', service: 'Other service', window: window('17:00', '19:00') },
      { id: 'CHG-2027-004', service: 'ISC Learn Platform', window: window('18:00', '19:00') },
      { id: 'CHG-2027-005', service: 'ISC Learn Platform', window: window('15:00', '16:30') },
    ];
    expect(findOverlaps(mine, 'ISC Learn Platform', others, 'CHG-2027-001')).toEqual([
      'CHG-2027-002',
      'CHG-2027-005',
    ]);
    // A new change has no id yet: an identical window elsewhere is an overlap.
    expect(findOverlaps(mine, 'ISC Learn Platform', others)).toEqual([
      'CHG-2027-001',
      'CHG-2027-002',
      'CHG-2027-005',
    ]);
  });
});

describe('recipients', () => {
  const process = testProcess();

  it('mails a public notice to the approvers, the process audience, the form audience and the implementer, once each', () => {
    const { change } = newChange('2027-06-19 18:00', {
      audience: `teachers@test.example.org, ${approver.email.toUpperCase()}\n${PROCESS_AUDIENCE}`,
    });
    expect(audienceEmails(change, process).sort()).toEqual(
      [
        approver.email,
        secondApprover.email,
        PROCESS_AUDIENCE,
        'teachers@test.example.org',
        implementer.email,
      ].sort(),
    );
  });

  it('mails hand-offs and blocks to the owners: the implementer and the approvers', () => {
    const { change } = newChange('2027-06-19 18:00');
    expect(ownerEmails(change, process)).toEqual([implementer.email, approver.email, secondApprover.email]);
    const withoutEmail = {
      ...change,
      implementer: { aadObjectId: implementer.aadObjectId, name: implementer.name },
    };
    expect(ownerEmails(withoutEmail, process)).toEqual([approver.email, secondApprover.email]);
  });

  it('posts a public notice in the channel and mails it, with the calendar part only when asked', () => {
    const { change } = newChange('2027-06-19 18:00');
    const [channel, mail] = publicNotice('extension', change, process);
    expect(channel).toEqual({ notice: 'extension', to: { kind: 'channel' } });
    expect(mail?.to).toEqual({ kind: 'mail', to: audienceEmails(change, process) });
    expect(publicNotice('cancellation', change, process, 'cancel')[1]?.to).toMatchObject({
      calendar: 'cancel',
    });
  });
});
