/*
 * Blackout calendar parse, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/blackoutCalendar.bench.ts [--rounds 3]
 *
 * Parses, in this process, the calendar of issue 22 whose rule matches no date
 * (`RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`), over the window the bot expands (yesterday to two years
 * ahead), and prints per round how long it took to end (with the message it ended with) and the RSS before
 * and after. Before the try budget the same parse never returned. A weekly freeze since 2015 is parsed too,
 * as the ordinary case beside it.
 */
import { parseBlackoutCalendar } from '../src/blackouts/icalBlackouts';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

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

const cases = {
  looping: calendarOf('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '20260101T100000Z'),
  weeklySince2015: calendarOf('FREQ=WEEKLY;BYDAY=FR', '20150102T050000Z'),
};
const now = Date.now();
const window = {
  timeZone: 'Europe/Zurich',
  from: new Date(now - 86_400_000),
  to: new Date(now + 730 * 86_400_000),
};
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
for (let round = 1; round <= rounds; round++) {
  for (const [name, text] of Object.entries(cases)) {
    const rssBefore = process.memoryUsage().rss;
    const started = process.hrtime.bigint();
    let outcome: string;
    try {
      outcome = `${parseBlackoutCalendar(text, window).length} blackouts`;
    } catch (error) {
      outcome = `refused: ${(error as Error).message.slice(0, 90)}…`;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      `round ${round} ${name}: ${ms.toFixed(0)} ms, RSS ${mb(rssBefore)} → ${mb(process.memoryUsage().rss)}; ${outcome}`,
    );
  }
}
