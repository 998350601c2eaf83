import { promises as fs } from 'node:fs';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { enqueue } from '../../src/app/outbox';
import type { Change } from '../../src/domain/change';
import { calendarFeed } from '../../src/mail/calendarFeed';
import { foldLine, invitation } from '../../src/mail/ics';
import { makeDataDir, openStore } from '../store/support/storeFixture';
import { ZONE } from '../domain/support';
import { AWKWARD_TITLE, announced, cancelled, process, rescheduled } from './support/mailFixture';

const ORGANIZER = { name: 'Change bot', email: 'change-bot@isc.example.org' };

interface ParsedEvent {
  method: string | null;
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  status: string;
  /** Local wall-clock time in the process time zone. */
  start: string;
  end: string;
}

function parse(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const method = calendar.getFirstPropertyValue('method');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const local = (time: ICAL.Time) =>
      DateTime.fromJSDate(time.toJSDate(), { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
    return {
      method: method === null ? null : String(method),
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      description: event.description,
      status: String(component.getFirstPropertyValue('status')),
      start: local(event.startDate),
      end: local(event.endDate),
    };
  });
}

function invite(change: Change, method: 'REQUEST' | 'CANCEL' = 'REQUEST'): string {
  return invitation(change, process, {
    method,
    stamp: change.updatedAt,
    organizer: ORGANIZER,
    attendees: ['a@example.org'],
  });
}

function expectFolded(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.slice(0, -2).split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
}

describe('iCalendar', () => {
  it('invites to the window in local time, summer and winter, with the change id and escaped text', () => {
    for (const [start, utcHour] of [
      ['2027-06-19 18:00', 16],
      ['2027-01-16 18:00', 17],
    ] as const) {
      const { change } = announced(start, AWKWARD_TITLE);
      const text = invite(change);
      expectFolded(text);
      expect(text).toContain(`DTSTART:${start.slice(0, 10).replace(/-/g, '')}T${utcHour}0000Z`);
      const [event] = parse(text);
      expect(event).toMatchObject({
        method: 'REQUEST',
        uid: `${change.id}@isc-learn-platform.change-bot`,
        sequence: 0,
        status: 'CONFIRMED',
        start,
        end: `${start.slice(0, 10)} 20:00`,
      });
      expect(event!.summary).toBe(`${change.id} ISC Learn Platform maintenance: ${AWKWARD_TITLE}`);
      expect(event!.description).toContain(
        `Window: ${start.slice(0, 10) === '2027-06-19' ? 'Sat 19 Jun 2027' : 'Sat 16 Jan 2027'}, 18:00–20:00 (Europe/Zurich)`,
      );
      expect(event!.description.split('\n')[0]).toBe(`${change.id}: ${AWKWARD_TITLE}`);
    }
  });

  it('moves the same event with a higher SEQUENCE on reschedule, and cancels it with METHOD:CANCEL', () => {
    const first = announced().change;
    const moved = rescheduled(first, '2027-06-26 09:00').change;
    const off = cancelled(moved).change;
    const [original] = parse(invite(first));
    const [update] = parse(invite(moved));
    const [cancel] = parse(invite(off, 'CANCEL'));

    expect(update!.uid).toBe(original!.uid);
    expect(cancel!.uid).toBe(original!.uid);
    expect(update!.sequence).toBeGreaterThan(original!.sequence);
    expect(cancel!.sequence).toBeGreaterThan(update!.sequence);
    expect(update).toMatchObject({ start: '2027-06-26 09:00', end: '2027-06-26 11:00', status: 'TENTATIVE' });
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(40)}🚀${'x'.repeat(100)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const part of lines) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(lines.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
  });
});

describe('GET /calendar.ics feed', () => {
  it('serves every announced, not cancelled window of the active changes, and only those', async () => {
    const dataDir = await makeDataDir();
    const store = await openStore(dataDir);
    try {
      const summer = announced('2027-06-19 18:00').change;
      const winter = announced('2027-11-06 07:30', 'Night, "quoted"; work').change;
      const notYet = {
        ...announced('2027-07-03 18:00').change,
        announced: false,
        status: 'planned' as const,
      };
      const off = cancelled(announced('2027-07-10 18:00').change).change;
      // Rescheduled after the announcement, then no GO by D-1: withdrawn (the audience got a cancellation).
      const withdrawn = { ...announced('2027-07-17 18:00').change, status: 'blocked' as const };
      for (const change of [summer, winter, notYet, off, withdrawn]) {
        await store.create(2027, (id) => enqueue({ ...change, id, outbox: [] }, [], new Date()));
      }

      const text = (await calendarFeed(store, process))!;
      expectFolded(text);
      const events = parse(text);
      expect(events.map((e) => [e.summary.split(' ')[0], e.start, e.end, e.status])).toEqual([
        ['CHG-2027-001', '2027-06-19 18:00', '2027-06-19 20:00', 'CONFIRMED'],
        ['CHG-2027-002', '2027-11-06 07:30', '2027-11-06 09:30', 'CONFIRMED'],
      ]);
      expect(events[1]!.summary).toBe('CHG-2027-002 ISC Learn Platform maintenance: Night, "quoted"; work');
      expect(events.every((e) => e.method === 'PUBLISH')).toBe(true);
      expect(text).toContain('X-WR-TIMEZONE:Europe/Zurich');
    } finally {
      await store.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('GET /calendar.ics: what a subscriber sees', () => {
  async function feedOf(details: boolean): Promise<string> {
    const dataDir = await makeDataDir();
    const store = await openStore(dataDir);
    try {
      const change = announced('2027-06-19 18:00').change;
      await store.create(2027, (id) => enqueue({ ...change, id, outbox: [] }, [], new Date()));
      return (await calendarFeed(store, process, { details }))!;
    } finally {
      await store.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }
  const personal = (change: Change) => [
    change.implementer.name,
    ...(change.implementer.email ? [change.implementer.email] : []),
    ...process.approvers.flatMap((approver) => [approver.name, approver.email]),
  ];

  it('carries the title, the service and the window, and no description, name or address by default', async () => {
    const change = announced('2027-06-19 18:00').change;
    const text = await feedOf(false);
    const unfolded = text.replace(/\r\n[ \t]/g, '');

    const [event] = parse(text);
    expect(event!.summary).toBe(`CHG-2027-001 ISC Learn Platform maintenance: ${change.title}`);
    expect([event!.start, event!.end]).toEqual(['2027-06-19 18:00', '2027-06-19 20:00']);
    expect(unfolded).not.toMatch(/^DESCRIPTION/m);
    expect(unfolded).not.toContain(change.description);
    for (const text of personal(change)) expect(unfolded).not.toContain(text);
    expect(unfolded).not.toContain('mailto:');
    expectFolded(text);
  });

  it('adds the description and the contacts with CALENDAR_FEED_DETAILS=true', async () => {
    const change = announced('2027-06-19 18:00').change;
    const text = await feedOf(true);

    const [event] = parse(text);
    expect(event!.description).toContain(change.description);
    for (const approver of process.approvers) expect(event!.description).toContain(approver.email);
  });
});
