import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBlackoutCalendar } from '../../src/blackouts/calendarSource';
import { parseBlackoutCalendar } from '../../src/blackouts/icalBlackouts';
import { recordingLogger, type LoggedLine } from '../bot/support/harness';

const ZONE = 'Europe/Zurich';
const NOW = new Date('2027-01-04T08:00:00.000Z');

/**
 * Four kinds of events a school calendar holds: a weekly recurring one in another IANA zone with one
 * occurrence removed (EXDATE) and one moved (RECURRENCE-ID), an Outlook-style custom VTIMEZONE, an all-day
 * event, and a UTC one.
 */
const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//blackouts//EN',
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16011028T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:weekly@test',
  'DTSTAMP:20261201T000000Z',
  'SUMMARY:Weekly NY sync freeze',
  'DTSTART;TZID=America/New_York:20270105T090000',
  'DTEND;TZID=America/New_York:20270105T110000',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'EXDATE;TZID=America/New_York:20270112T090000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly@test',
  'DTSTAMP:20261201T000000Z',
  'RECURRENCE-ID;TZID=America/New_York:20270119T090000',
  'SUMMARY:Weekly NY sync freeze (moved)',
  'DTSTART;TZID=America/New_York:20270120T130000',
  'DTEND;TZID=America/New_York:20270120T150000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:exams@test',
  'DTSTAMP:20261201T000000Z',
  'SUMMARY:Exam session',
  'DTSTART;TZID=W. Europe Standard Time:20270118T000000',
  'DTEND;TZID=W. Europe Standard Time:20270130T000000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:termstart@test',
  'DTSTAMP:20261201T000000Z',
  'SUMMARY:Term start',
  'DTSTART;VALUE=DATE:20270215',
  'DTEND;VALUE=DATE:20270217',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:utc@test',
  'DTSTAMP:20261201T000000Z',
  'SUMMARY:Datacenter move',
  'DTSTART:20270301T220000Z',
  'DTEND:20270302T040000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const EXPECTED = [
  // 09:00–11:00 New York (UTC-5) is 14:00–16:00 UTC; the 12th is excluded, the 19th moved to the 20th 13:00.
  { name: 'Weekly NY sync freeze', start: '2027-01-05T14:00:00.000Z', end: '2027-01-05T16:00:00.000Z' },
  // Outlook's zone name, read through the calendar's own VTIMEZONE: midnight in Zurich (UTC+1).
  { name: 'Exam session', start: '2027-01-17T23:00:00.000Z', end: '2027-01-29T23:00:00.000Z' },
  {
    name: 'Weekly NY sync freeze (moved)',
    start: '2027-01-20T18:00:00.000Z',
    end: '2027-01-20T20:00:00.000Z',
  },
  { name: 'Weekly NY sync freeze', start: '2027-01-26T14:00:00.000Z', end: '2027-01-26T16:00:00.000Z' },
  // All day, two days, in the process time zone.
  { name: 'Term start', start: '2027-02-14T23:00:00.000Z', end: '2027-02-16T23:00:00.000Z' },
  { name: 'Datacenter move', start: '2027-03-01T22:00:00.000Z', end: '2027-03-02T04:00:00.000Z' },
];

describe('blackouts from an iCalendar', () => {
  test('recurring events (with EXDATE and a moved occurrence), time zones, all-day and UTC events', () => {
    const blackouts = parseBlackoutCalendar(CALENDAR, {
      timeZone: ZONE,
      from: NOW,
      to: new Date('2028-01-01T00:00:00.000Z'),
    });
    expect(blackouts).toEqual(EXPECTED);
  });

  test('text that is not iCalendar is refused', () => {
    expect(() =>
      parseBlackoutCalendar('<html>login</html>', { timeZone: ZONE, from: NOW, to: NOW }),
    ).toThrow();
  });
});

describe('the blackout calendar source on a loopback HTTP server', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; body: string };
  let requests = 0;
  let dir: string;
  const logs: LoggedLine[] = [];

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(answer.status, { 'Content-Type': 'text/calendar' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}/secret-token/exams.ics`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-blackout-cal-'));
    logs.length = 0;
    requests = 0;
    answer = { status: 200, body: CALENDAR };
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function calendar() {
    return createBlackoutCalendar({
      source: { kind: 'url', url },
      timeZone: ZONE,
      copyFile: path.join(dir, 'data', 'blackout-calendar.ics'),
      logger: recordingLogger(logs),
      clock: () => NOW,
    });
  }

  test('reads the calendar and keeps a copy in the data folder', async () => {
    const source = calendar();
    expect(await source.refresh()).toBe(true);
    expect(requests).toBe(1);
    expect(source.current()).toEqual(EXPECTED);
    expect(await fs.readFile(path.join(dir, 'data', 'blackout-calendar.ics'), 'utf8')).toBe(CALENDAR);
  });

  test('a failing server (500, then not iCalendar) keeps the last good copy and logs why, without the URL secret', async () => {
    const source = calendar();
    await source.refresh();
    answer = { status: 500, body: 'oops' };
    expect(await source.refresh()).toBe(false);
    answer = { status: 200, body: '<html>Please log in</html>' };
    expect(await source.refresh()).toBe(false);
    expect(source.current()).toEqual(EXPECTED);
    const warnings = logs.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings[0])).toContain('the server answered 500');
    expect(JSON.stringify(logs)).not.toContain('secret-token');
    expect(await fs.readFile(path.join(dir, 'data', 'blackout-calendar.ics'), 'utf8')).toBe(CALENDAR);
  });

  test('after a restart with the server down, the kept copy is in force', async () => {
    await calendar().refresh();
    answer = { status: 503, body: '' };
    const restarted = calendar();
    await restarted.loadCopy();
    expect(await restarted.refresh()).toBe(false);
    expect(restarted.current()).toEqual(EXPECTED);
  });

  test('a server that was never reached gives no blackouts, and says so in the log', async () => {
    answer = { status: 404, body: '' };
    const source = calendar();
    await source.loadCopy();
    expect(await source.refresh()).toBe(false);
    expect(source.current()).toEqual([]);
    expect(logs.some((line) => line.level === 'warn' && JSON.stringify(line).includes('404'))).toBe(true);
  });

  test('a file source works the same way', async () => {
    const file = path.join(dir, 'exams.ics');
    await fs.writeFile(file, CALENDAR);
    const source = createBlackoutCalendar({
      source: { kind: 'file', path: file },
      timeZone: ZONE,
      copyFile: path.join(dir, 'copy.ics'),
      logger: recordingLogger(logs),
      clock: () => NOW,
    });
    expect(await source.refresh()).toBe(true);
    expect(source.current().map((blackout) => blackout.name)).toContain('Exam session');
  });
});
