import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogues';
import { LOCALES, type Language } from './languages';

export type Values = Record<string, string | number>;

// A message is parsed once per language; the formats are reused by every mail and page.
const formats = new Map<string, IntlMessageFormat>();

/** The message `key` in `language`, its ICU arguments filled in (plural and select included). */
export function t(language: Language, key: MessageKey, values: Values = {}): string {
  const id = `${language}|${key}`;
  let format = formats.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[language][key], LOCALES[language]);
    formats.set(id, format);
  }
  return String(format.format(values));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, timeZone: string, part: 'day' | 'time'): Intl.DateTimeFormat {
  const id = `${language}|${timeZone}|${part}`;
  let format = dateFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone,
      ...(part === 'day'
        ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    });
    dateFormats.set(id, format);
  }
  return format;
}

/** "Wednesday 17 June 2026", "mercredi 17 juin 2026", "Mittwoch, 17. Juni 2026": German keeps its comma. */
export function localDay(language: Language, instant: string | Date, timeZone: string): string {
  const parts = dateFormat(language, timeZone, 'day').formatToParts(new Date(instant));
  return parts
    .map((part, index) =>
      language !== 'de' && part.type === 'literal' && parts[index - 1]?.type === 'weekday' ? ' ' : part.value,
    )
    .join('');
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The short day of the public pages: "Sat 19 Jun 2027", "sam. 19 juin 2027", "Sa. 19. Juni 2027", built from
 * Intl's parts so that every language has the same order and no stray comma.
 */
export function shortDay(language: Language, instant: string | Date, timeZone: string): string {
  const id = `${language}|${timeZone}`;
  let format = shortFormats.get(id);
  if (!format) {
    const options = { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } as const;
    format = new Intl.DateTimeFormat(LOCALES[language], options);
    shortFormats.set(id, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const weekday = language === 'de' && !parts.weekday?.endsWith('.') ? `${parts.weekday}.` : parts.weekday;
  return `${weekday} ${parts.day}${language === 'de' ? '.' : ''} ${parts.month} ${parts.year}`;
}

/** "18:00" */
export function localTime(language: Language, instant: string | Date, timeZone: string): string {
  return dateFormat(language, timeZone, 'time').format(new Date(instant));
}

/** "mercredi 17 juin 2026 à 18:00", "Mittwoch, 17. Juni 2026, 18:00 Uhr" in the zone. */
export function localDateTime(language: Language, instant: string | Date, timeZone: string): string {
  return t(language, 'time.at', {
    day: localDay(language, instant, timeZone),
    time: localTime(language, instant, timeZone),
  });
}

function windowValues(language: Language, window: { start: string; end: string }, timeZone: string) {
  const startDay = localDay(language, window.start, timeZone);
  const endDay = localDay(language, window.end, timeZone);
  const values = {
    day: startDay,
    startDay,
    endDay,
    start: localTime(language, window.start, timeZone),
    end: localTime(language, window.end, timeZone),
  };
  return { values, sameDay: startDay === endDay };
}

/** A window as a fact: "mercredi 17 juin 2026, 18:00–20:00 (Europe/Zurich)"; both dates across midnight. */
export function localWindow(
  language: Language,
  window: { start: string; end: string },
  timeZone: string,
): string {
  const { values, sameDay } = windowValues(language, window, timeZone);
  return `${t(language, sameDay ? 'time.window.sameDay' : 'time.window.days', values)} (${timeZone})`;
}

/** A window inside a sentence: "le mercredi 17 juin 2026 de 18:00 à 20:00 (Europe/Zurich)". */
export function localWhen(
  language: Language,
  window: { start: string; end: string },
  timeZone: string,
): string {
  const { values, sameDay } = windowValues(language, window, timeZone);
  return `${t(language, sameDay ? 'time.when.sameDay' : 'time.when.days', values)} (${timeZone})`;
}

/** "2 hours 30 minutes", "1 minute", "keine Unterbrechung" for 0: the plural forms of each language. */
export function duration(language: Language, totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  if (minutes === 0) return t(language, 'duration.none');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [
    hours > 0 ? t(language, 'duration.hours', { n: hours }) : '',
    rest > 0 ? t(language, 'duration.minutes', { n: rest }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** "Ines (ines@…) or Alice (alice@…)": the list joined the way each language joins alternatives. */
export function alternatives(language: Language, items: readonly string[]): string {
  return new Intl.ListFormat(LOCALES[language], { type: 'disjunction' }).format(items);
}
