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
