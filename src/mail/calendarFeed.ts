import type { ProcessDefinition } from '../domain/process';
import type { ChangeStore } from '../store/types';

function icsDate(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** GET /calendar.ics: every announced, not cancelled window, for an Outlook subscription. */
export async function calendarFeed(store: ChangeStore, process: ProcessDefinition): Promise<string> {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ISC//Change bot//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${icsText(process.service.name)} maintenance`,
  ];
  for (const summary of store.listActive()) {
    const stored = await store.get(summary.id);
    const change = stored?.change;
    if (!change || !change.announced || change.status === 'cancelled') continue;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${change.id}@change-bot`,
      `SEQUENCE:${change.calendarSequence}`,
      `DTSTAMP:${icsDate(change.updatedAt)}`,
      `DTSTART:${icsDate(change.window.start)}`,
      `DTEND:${icsDate(change.window.end)}`,
      `SUMMARY:${icsText(`${change.id} ${change.title}`)}`,
      `DESCRIPTION:${icsText(change.description)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}
