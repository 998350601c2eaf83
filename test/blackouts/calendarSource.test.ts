import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBlackoutCalendar, type BlackoutCalendarDeps } from '../../src/blackouts/calendarSource';
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
  test('recurring events (with EXDATE and a moved occurrence), time zones, all-day and UTC events', async () => {
    const blackouts = await parseBlackoutCalendar(CALENDAR, {
      timeZone: ZONE,
      from: NOW,
      to: new Date('2028-01-01T00:00:00.000Z'),
    });
    expect(blackouts).toEqual(EXPECTED);
  });

  test('text that is not iCalendar is refused', async () => {
    await expect(
      parseBlackoutCalendar('<html>login</html>', { timeZone: ZONE, from: NOW, to: NOW }),
    ).rejects.toThrow();
  });
});

function calendarOf(...events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//blackouts//EN',
    ...events.flatMap((lines) => ['BEGIN:VEVENT', 'DTSTAMP:20150101T000000Z', ...lines, 'END:VEVENT']),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A rule no date matches (30 February): ical.js's next() never returns from it on its own. */
export const LOOPING = calendarOf([
  'UID:loop@test',
  'SUMMARY:Leap freeze',
  'DTSTART:20260101T100000Z',
  'DTEND:20260101T110000Z',
  'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
]);

/** Every Friday 06:00–20:00 Zurich since January 2015: about 620 occurrences before 2027. */
const FRIDAY_FREEZE = calendarOf([
  'UID:friday@test',
  'SUMMARY:Friday freeze',
  'DTSTART;TZID=Europe/Zurich:20150102T060000',
  'DTEND;TZID=Europe/Zurich:20150102T200000',
  'RRULE:FREQ=WEEKLY;BYDAY=FR',
]);

describe('a calendar that cannot be expanded, or has a long past', () => {
  test('the looping rule FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 ends with a message naming the event', async () => {
    await expect(
      parseBlackoutCalendar(LOOPING, {
        timeZone: ZONE,
        from: NOW,
        to: new Date('2029-01-04T00:00:00.000Z'),
      }),
    ).rejects.toThrow(/the event "Leap freeze" \(UID loop@test\) has a repeat rule that matches no date/);
  });

  test('a weekly Friday freeze since 2015 blocks the Fridays of February 2027 (the cap counts from the window)', async () => {
    const blackouts = await parseBlackoutCalendar(FRIDAY_FREEZE, {
      timeZone: ZONE,
      from: new Date('2026-12-06T00:00:00.000Z'),
      to: new Date('2028-12-07T00:00:00.000Z'),
    });
    expect(blackouts).toContainEqual({
      name: 'Friday freeze',
      start: '2027-02-12T05:00:00.000Z',
      end: '2027-02-12T19:00:00.000Z',
    });
    // Two years of Fridays, none before the window.
    expect(blackouts.length).toBeGreaterThanOrEqual(104);
    expect(Date.parse(blackouts[0]!.end)).toBeGreaterThan(Date.parse('2026-12-06T00:00:00.000Z'));
  });

  test("a moved occurrence moves only its own event's, never another event's at the same time", async () => {
    const weekly = (uid: string, summary: string) => [
      `UID:${uid}`,
      `SUMMARY:${summary}`,
      'DTSTART:20270105T140000Z',
      'DTEND:20270105T160000Z',
      'RRULE:FREQ=WEEKLY;COUNT=2',
    ];
    const blackouts = await parseBlackoutCalendar(
      calendarOf(weekly('a@test', 'Freeze A'), weekly('b@test', 'Freeze B'), [
        'UID:a@test',
        'SUMMARY:Freeze A (moved)',
        'RECURRENCE-ID:20270112T140000Z',
        'DTSTART:20270113T140000Z',
        'DTEND:20270113T160000Z',
      ]),
      { timeZone: ZONE, from: NOW, to: new Date('2027-02-01T00:00:00.000Z') },
    );
    expect(blackouts.map((b) => `${b.name} ${b.start.slice(0, 10)}`).sort()).toEqual([
      'Freeze A (moved) 2027-01-13',
      'Freeze A 2027-01-05',
      'Freeze B 2027-01-05',
      'Freeze B 2027-01-12',
    ]);
  });

  test('a large calendar lets the event loop turn while it is expanded', async () => {
    const events = Array.from({ length: 300 }, (_, n) => [
      `UID:exam-${n}@test`,
      `SUMMARY:Exam ${n}`,
      'DTSTART;VALUE=DATE:20270301',
      'DTEND;VALUE=DATE:20270302',
    ]);
    const order: string[] = [];
    setImmediate(() => order.push('another turn of the event loop'));
    const blackouts = await parseBlackoutCalendar(calendarOf(...events), {
      timeZone: ZONE,
      from: NOW,
      to: new Date('2028-01-01T00:00:00.000Z'),
    });
    order.push('expanded');
    expect(blackouts).toHaveLength(300);
    expect(order).toEqual(['another turn of the event loop', 'expanded']);
  });

  test('the whole calendar has a budget too: many costly events are refused, naming the last one tried', async () => {
    const daily = (n: number) => [
      `UID:daily-${n}@test`,
      `SUMMARY:Nightly ${n}`,
      'DTSTART:19900101T020000Z',
      'DTEND:19900101T030000Z',
      'RRULE:FREQ=DAILY',
    ];
    await expect(
      parseBlackoutCalendar(calendarOf(daily(1), daily(2), daily(3)), {
        timeZone: ZONE,
        from: NOW,
        to: new Date('2027-02-01T00:00:00.000Z'),
        budget: { perEvent: 20_000, perCalendar: 30_000 },
      }),
    ).rejects.toThrow(/need more than 30000 dates tried to expand \(the last one tried: "Nightly \d"/);
  });
});

describe('the blackout calendar source on a loopback HTTP server', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; body: string; headers?: Record<string, string> };
  let requests = 0;
  let dir: string;
  const logs: LoggedLine[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests += 1;
      if (req.url === '/stall') return; // never answers: the time cap ends it
      if (req.url === '/huge') {
        // 20 MB sent as it comes, with no Content-Length: only counting while reading stops it.
        res.writeHead(200, { 'Content-Type': 'text/calendar' });
        const chunk = 'X'.repeat(1024 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 20 && res.write(chunk)) sent += 1;
          if (sent >= 20) res.end();
          else
            res.once('drain', () => {
              sent += 1;
              more();
            });
        };
        res.on('error', () => undefined);
        more();
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': 'text/calendar', ...answer.headers });
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

  function calendar(at = url, extra: Partial<BlackoutCalendarDeps> = {}) {
    return createBlackoutCalendar({
      source: { kind: 'url', url: at },
      timeZone: ZONE,
      copyFile: path.join(dir, 'data', 'blackout-calendar.ics'),
      logger: recordingLogger(logs),
      clock: () => NOW,
      ...extra,
    });
  }

  const origin = () => new URL(url).origin;
  const warningsText = () => JSON.stringify(logs.filter((line) => line.level === 'warn'));

  test('a huge body is cut off at the byte cap, the last good copy stays, and /readyz is degraded naming it', async () => {
    const source = calendar(url, { limits: { maxBytes: 256 * 1024 } });
    expect(await source.refresh()).toBe(true);
    expect((await source.readiness.run()).state).toBe('ok');
    const huge = calendar(`${origin()}/huge`, { limits: { maxBytes: 256 * 1024 } });
    await huge.loadCopy();
    expect(await huge.refresh()).toBe(false);
    expect(huge.current()).toEqual(EXPECTED);
    expect(warningsText()).toContain('the calendar is larger than 256 KB');
    const readiness = await huge.readiness.run();
    expect(readiness.state).toBe('degraded');
    expect(readiness.detail).toContain(`the blackout calendar ${origin()}/…`);
    expect(readiness.detail).toContain('larger than 256 KB');
    expect(readiness.detail).toContain('The last good copy stays in force.');
  });

  test('a redirect to plain http off loopback is refused without being followed; one to loopback is followed', async () => {
    answer = { status: 302, body: '', headers: { Location: 'http://calendar.example.org/exams.ics' } };
    const source = calendar();
    expect(await source.refresh()).toBe(false);
    expect(requests).toBe(1);
    expect(warningsText()).toContain(
      'the server answered 302 and redirects to http://calendar.example.org, which is neither https nor loopback',
    );
    expect(source.current()).toEqual([]);
    expect((await source.readiness.run()).detail).toContain('No copy was ever read');

    let hops = 0;
    const hop = http.createServer((_req, res) => {
      hops += 1;
      res.writeHead(302, { Location: url });
      res.end();
    });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    try {
      answer = { status: 200, body: CALENDAR };
      const moved = calendar(`http://localhost:${(hop.address() as { port: number }).port}/old.ics`);
      expect(await moved.refresh()).toBe(true);
      expect(hops).toBe(1);
      expect(moved.current()).toEqual(EXPECTED);
    } finally {
      await new Promise<void>((resolve) => hop.close(() => resolve()));
    }
  });

  test('a server that never answers is given up after the time cap', async () => {
    const source = calendar(`${origin()}/stall`, { limits: { timeoutMs: 300 } });
    expect(await source.refresh()).toBe(false);
    expect(warningsText()).toContain('the download took longer than');
  });

  test("a long one-line body: the library's message is cut in the log", async () => {
    answer = { status: 200, body: `BEGIN:VCALENDAR\r\n${'Y'.repeat(1_000_000)}\r\nEND:VCALENDAR\r\n` };
    expect(await calendar().refresh()).toBe(false);
    const warning = logs.find((line) => line.level === 'warn');
    expect(warning).toBeDefined();
    expect(JSON.stringify(warning).length).toBeLessThan(1200);
  });

  test('forms, help and list read the blackouts expanded at the read: no parse per request', async () => {
    let parses = 0;
    const source = calendar(url, {
      parse: (text, options) => {
        parses += 1;
        return parseBlackoutCalendar(text, options);
      },
    });
    await source.refresh();
    const first = source.current();
    for (let i = 0; i < 10; i++) expect(source.current()).toBe(first);
    expect(parses).toBe(1);
  });

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
