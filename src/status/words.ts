import type { MaintenanceWindow } from '../domain/change';
import type { PublicEventKind, ServiceState, WindowState } from '../domain/publicStatus';
import type { MessageKey } from '../i18n/catalogues';
import type { Language } from '../i18n/languages';
import { localTime as time, shortDay, t } from '../i18n/translate';

export type { Language } from '../i18n/languages';

/**
 * The languages of the public pages when the process file names none: English first, and French, which
 * the page has always offered by Accept-Language.
 */
export const DEFAULT_PAGE_LANGUAGES: readonly Language[] = ['en', 'fr'];

/** The status page's fixed words in one language, every one from the catalogues (src/i18n). */
export interface Words {
  title: string;
  intro: string;
  now: (when: string) => string;
  serviceState: Record<ServiceState, string>;
  windowState: Record<WindowState, string>;
  event: Record<PublicEventKind, string>;
  current: string;
  upcoming: string;
  noUpcoming: string;
  history: string;
  noHistory: (days: number) => string;
  window: string;
  downtime: string;
  state: string;
  extendedFrom: (plannedEnd: string) => string;
  downtimeText: (minutes: number) => string;
  /** The short public text of a window in a given state. */
  publicText: (state: WindowState, downtimeMinutes: number) => string;
  subscribe: string;
  atom: string;
  calendar: string;
  timeZone: (zone: string) => string;
  languages: string;
  calendarName: (services: string) => string;
  calendarSummary: (service: string, title: string) => string;
  /** Between a label and its value: ":" (French "\u00a0:"). */
  colon: string;
}

const SERVICE_STATES: readonly ServiceState[] = ['operational', 'maintenance', 'incident'];
const WINDOW_STATES: readonly WindowState[] = [
  'upcoming',
  'tentative',
  'inProgress',
  'incident',
  'completed',
  'restored',
  'handedOff',
  'cancelled',
];
const EVENTS: readonly PublicEventKind[] = [
  'announced',
  'rescheduled',
  'started',
  'extended',
  'incident',
  'restored',
  'handedOff',
  'completed',
  'cancelled',
];

function table<K extends string>(language: Language, prefix: string, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(
    keys.map((key) => [key, t(language, `${prefix}.${key}` as MessageKey)]),
  ) as Record<K, string>;
}

/** "1 h 30 min", "45 min", "2 Std. 15 Min."; `none` when there is no downtime. */
function durationText(language: Language, minutes: number, none: string): string {
  if (minutes <= 0) return none;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? `${h} ${t(language, 'unit.h')}` : '', m > 0 ? `${m} ${t(language, 'unit.min')}` : '']
    .filter(Boolean)
    .join(' ');
}

function wordsOf(language: Language): Words {
  const w = (key: MessageKey, values?: Record<string, string | number>) => t(language, key, values);
  return {
    title: w('status.title'),
    intro: w('status.intro'),
    now: (when) => w('status.now', { when }),
    serviceState: table(language, 'status.serviceState', SERVICE_STATES),
    windowState: table(language, 'status.windowState', WINDOW_STATES),
    event: table(language, 'status.event', EVENTS),
    current: w('status.current'),
    upcoming: w('status.upcoming'),
    noUpcoming: w('status.noUpcoming'),
    history: w('status.history'),
    noHistory: (days) => w('status.noHistory', { days }),
    window: w('status.window'),
    downtime: w('status.downtime'),
    state: w('status.state'),
    extendedFrom: (end) => w('status.extendedFrom', { end }),
    downtimeText: (minutes) => durationText(language, minutes, w('duration.none')),
    publicText: (state, minutes) => {
      if (state !== 'upcoming') return w(`status.public.${state}`);
      return minutes > 0
        ? w('status.public.upcoming', { duration: durationText(language, minutes, '') })
        : w('status.public.upcomingAvailable');
    },
    subscribe: w('status.subscribe'),
    atom: w('status.atom'),
    calendar: w('status.calendar'),
    timeZone: (zone) => w('status.timeZone', { zone }),
    languages: w('status.languages'),
    calendarName: (services) => w('status.calendarName', { services }),
    calendarSummary: (service, title) => w('status.calendarSummary', { service, title }),
    colon: w('colon'),
  };
}

export const WORDS: Record<Language, Words> = { en: wordsOf('en'), fr: wordsOf('fr'), de: wordsOf('de') };

/** "Sat 19 Jun 2027, 18:00" / "sam. 19 juin 2027, 18:00", local to the process time zone. */
export function localTime(instant: string | Date, zone: string, language: Language): string {
  return `${shortDay(language, instant, zone)}, ${time(language, instant, zone)}`;
}

/** A window in local time; the end date is left out when it is the start's day. */
export function localWindow(window: MaintenanceWindow, zone: string, language: Language): string {
  const sameDay = shortDay(language, window.start, zone) === shortDay(language, window.end, zone);
  const endText = sameDay ? time(language, window.end, zone) : localTime(window.end, zone, language);
  return `${localTime(window.start, zone, language)} – ${endText}`;
}
