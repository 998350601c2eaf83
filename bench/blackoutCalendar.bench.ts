/*
 * Blackout calendar parse, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/blackoutCalendar.bench.ts [--rounds 3]
 *
 * Parses, in this process, the calendar of issue 22 whose rule matches no date
 * (`RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`), over the window the bot expands (yesterday to two years
 * ahead), and prints per round how long it took to end (with the message it ended with), the longest time the
 * event loop was blocked meanwhile, and the RSS before and after. Before the try budget the same parse never
 * returned. A weekly freeze since 2015 is parsed too, as the ordinary case beside it, and two large calendars of one-off events (3,000 events, and 19,000 events
 * near the 5 MB download cap): what one read costs, once per hour (forms, `help` and `list` read its result).
 */
import { performance } from 'node:perf_hooks';
import { parseBlackoutCalendar } from '../src/blackouts/icalBlackouts';
import { sized } from './smoke';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || sized(3, 1);

function calendarOf(rule: string, start: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bench//blackouts//EN',
    'BEGIN:VEVENT',
    'UID:bench@test',
    'DTSTAMP:20150101T000000Z',
    'SUMMARY:Bench',
    `DTSTART:${start}`,
    // Two hours long: an event without DTEND is an instant, which blocks nothing.
    `DTEND:${start.slice(0, 9)}${String(Number(start.slice(9, 11)) + 2).padStart(2, '0')}${start.slice(11)}`,
    `RRULE:${rule}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** `count` one-off events of two hours, one a day from 2026 on: a large school calendar. */
function manyEvents(count: number): string {
  const day = (n: number) =>
    new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const events = Array.from({ length: count }, (_, n) =>
    [
      'BEGIN:VEVENT',
      `UID:event-${n}@bench`,
      'DTSTAMP:20260101T000000Z',
      `SUMMARY:Exam ${n} ${'x'.repeat(120)}`,
      `DTSTART:${day(n % 700)}T080000Z`,
      `DTEND:${day(n % 700)}T100000Z`,
      'END:VEVENT',
    ].join('\r\n'),
  );
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bench//blackouts//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const cases = {
  looping: calendarOf('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '20260101T100000Z'),
  weeklySince2015: calendarOf('FREQ=WEEKLY;BYDAY=FR', '20150102T050000Z'),
  // About 0.7 MB, and about 4.8 MB: near the download cap (MAX_CALENDAR_BYTES).
  events3000: manyEvents(3_000),
  events19000: manyEvents(19_000),
};
for (const [name, text] of Object.entries(cases))
  console.log(`${name}: ${(text.length / 1e6).toFixed(2)} MB`);
const now = Date.now();
const window = {
  timeZone: 'Europe/Zurich',
  from: new Date(now - 86_400_000),
  to: new Date(now + 730 * 86_400_000),
};
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
async function main(): Promise<void> {
  for (let round = 1; round <= rounds; round++) {
    for (const [name, text] of Object.entries(cases)) {
      // The longest gap between two turns of the event loop, the last one (up to the end) included.
      let last = performance.now();
      let longestBlock = 0;
      const probe = setInterval(() => {
        longestBlock = Math.max(longestBlock, performance.now() - last);
        last = performance.now();
      }, 1);
      const rssBefore = process.memoryUsage().rss;
      const started = process.hrtime.bigint();
      let outcome: string;
      try {
        outcome = `${(await parseBlackoutCalendar(text, window)).length} blackouts`;
      } catch (error) {
        outcome = `refused: ${(error as Error).message.slice(0, 90)}…`;
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(probe);
      longestBlock = Math.max(longestBlock, performance.now() - last);
      console.log(
        `round ${round} ${name}: ${ms.toFixed(0)} ms (longest event-loop block ${longestBlock.toFixed(0)} ms), RSS ${mb(rssBefore)} → ${mb(process.memoryUsage().rss)}; ${outcome}`,
      );
    }
  }
}

void main();
