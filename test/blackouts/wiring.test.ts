import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { visibleText } from '../bot/support/cards';
import { ask } from '../bot/support/flows';
import { implementer, startHarness, writeTestProcessFile, type Harness } from '../bot/support/harness';

/** The harness clock starts on 2 Mar 2026: this blackout is a month later. */
const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//blackouts//EN',
  'BEGIN:VEVENT',
  'UID:easter@test',
  'DTSTAMP:20260101T000000Z',
  'SUMMARY:Easter exams',
  'DTSTART;VALUE=DATE:20260406',
  'DTEND;VALUE=DATE:20260411',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

test('blackoutCalendar in the process file: read at start, its blackouts shown and enforced', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/calendar' });
    res.end(CALENDAR);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-blackout-wiring-'));
  let h: Harness | undefined;
  try {
    const processFile = await writeTestProcessFile(dir, {
      blackoutCalendar: `http://127.0.0.1:${port}/exams.ics`,
    });
    h = await startHarness({ env: { PROCESS_FILE: processFile } });
    const { card } = await ask(h, implementer, 'help');
    expect(visibleText(card)).toContain('Easter exams, Mon 6 Apr 2026, 00:00 → Sat 11 Apr 2026, 00:00');
    expect(await fs.readFile(path.join(h.config.dataDir, 'blackout-calendar.ics'), 'utf8')).toBe(CALENDAR);
    const refused = await h.bot.lifecycle.submit(
      {
        title: 'Upgrade',
        description: 'Upgrade',
        startDate: '2026-04-08',
        startTime: '18:00',
        endDate: '2026-04-08',
        endTime: '20:00',
        downtime: '0',
        tests: 'Log in',
        rollback: 'Snapshot',
        audience: '',
        expedited: 'false',
      },
      { aadObjectId: implementer.aadObjectId, name: implementer.name },
    );
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors.startDate).toContain('Easter exams');
  } finally {
    await h?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fs.rm(dir, { recursive: true, force: true });
  }
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

const FORM = {
  title: 'Upgrade',
  description: 'Upgrade',
  downtime: '0',
  tests: 'Log in',
  rollback: 'Snapshot',
  audience: '',
  expedited: 'false',
};

test('a calendar whose rule matches no date: start-up proceeds, /readyz is degraded naming the calendar', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-blackout-loop-'));
  let h: Harness | undefined;
  try {
    const calendarFile = path.join(dir, 'loop.ics');
    await fs.writeFile(
      calendarFile,
      calendarOf([
        'UID:loop@test',
        'SUMMARY:Leap freeze',
        'DTSTART:20260101T100000Z',
        'DTEND:20260101T110000Z',
        'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      ]),
    );
    const processFile = await writeTestProcessFile(dir, { blackoutCalendar: calendarFile });
    h = await startHarness({ env: { PROCESS_FILE: processFile } });
    const ready = (await (await fetch(`${h.baseUrl}/readyz`)).json()) as {
      status: string;
      degraded?: string[];
      checks: { name: string; detail?: string }[];
    };
    expect(ready.status).toBe('degraded');
    expect(ready.degraded).toContain('blackoutCalendar');
    const detail = ready.checks.find((check) => check.name === 'blackoutCalendar')?.detail;
    expect(detail).toContain(calendarFile);
    expect(detail).toContain(
      'the event "Leap freeze" (UID loop@test) has a repeat rule that matches no date',
    );
    const { card } = await ask(h, implementer, 'help');
    expect(visibleText(card)).toContain('new');
  } finally {
    await h?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a weekly Friday freeze since 2015 refuses a change on a Friday of February 2027', async () => {
  const body = calendarOf([
    'UID:friday@test',
    'SUMMARY:Friday freeze',
    'DTSTART;TZID=Europe/Zurich:20150102T060000',
    'DTEND;TZID=Europe/Zurich:20150102T200000',
    'RRULE:FREQ=WEEKLY;BYDAY=FR',
  ]);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/calendar' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-blackout-friday-'));
  let h: Harness | undefined;
  try {
    const processFile = await writeTestProcessFile(dir, {
      blackoutCalendar: `http://127.0.0.1:${port}/fridays.ics`,
    });
    h = await startHarness({ env: { PROCESS_FILE: processFile } });
    const who = { aadObjectId: implementer.aadObjectId, name: implementer.name };
    const friday = await h.bot.lifecycle.submit(
      { ...FORM, startDate: '2027-02-12', startTime: '10:00', endDate: '2027-02-12', endTime: '12:00' },
      who,
    );
    expect(friday.ok).toBe(false);
    expect(!friday.ok && friday.errors.startDate).toContain('Friday freeze, Fri 12 Feb 2027, 06:00');
    const thursday = await h.bot.lifecycle.submit(
      { ...FORM, startDate: '2027-02-11', startTime: '10:00', endDate: '2027-02-11', endTime: '12:00' },
      who,
    );
    expect(thursday.ok).toBe(true);
  } finally {
    await h?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fs.rm(dir, { recursive: true, force: true });
  }
});
