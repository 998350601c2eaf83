import ical, {
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import type { PublicStatus, PublicWindow } from '../domain/publicStatus';
import { localTime, WORDS, type Language } from './words';

const PRODUCT = { company: 'change-bot', product: 'Maintenance status', language: 'EN' };

function windows(status: PublicStatus): PublicWindow[] {
  return status.services.flatMap((service) => [...service.current, ...service.upcoming, ...service.history]);
}

/**
 * The public iCalendar feed (/status/maintenance.ics): one event per announced window, public fields only.
 * The event's SEQUENCE counts its public events, so every announcement, move, start, extension, incident,
 * restore and end reaches subscribed calendars as an update; the description says what happened last.
 */
export function statusCalendar(
  status: PublicStatus,
  options: { timeZone: string; now: Date; language?: Language },
): string {
  const language = options.language ?? 'en';
  const words = WORDS[language];
  const names = status.services.map((service) => service.name).join(', ');
  const calendar = ical({
    name: words.calendarName(names),
    prodId: PRODUCT,
    method: ICalCalendarMethod.PUBLISH,
    // Times are written in UTC: every client shows them in its own zone, and no time zone rules go stale.
    x: { 'X-WR-TIMEZONE': options.timeZone },
    ttl: 60 * 60,
  });
  for (const window of windows(status)) {
    const last = window.events.at(-1);
    const history = window.events.map(
      (event) =>
        `${localTime(event.at, options.timeZone, language)}${words.colon} ${words.event[event.kind]}${
          event.newEnd ? ` → ${localTime(event.newEnd, options.timeZone, language)}` : ''
        }`,
    );
    calendar.createEvent({
      id: `urn:change-bot:status:${window.ref}`,
      sequence: window.sequence,
      stamp: new Date(last?.at ?? options.now),
      start: new Date(window.window.start),
      end: new Date(window.window.end),
      summary: words.calendarSummary(window.service, window.title),
      description: [
        ...(window.summary ? [window.summary] : []),
        `${words.windowState[window.state]}. ${words.publicText(window.state, window.downtimeMinutes)}`,
        `${words.downtime}${words.colon} ${words.downtimeText(window.downtimeMinutes)}`,
        ...history,
      ].join('\n'),
      location: window.service,
      status:
        window.state === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : window.state === 'tentative'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
      // A maintenance window informs; it must not mark anyone busy.
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
    });
  }
  return calendar.toString();
}
