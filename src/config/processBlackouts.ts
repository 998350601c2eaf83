import path from 'node:path';
import { DateTime } from 'luxon';
import type { Blackout } from '../domain/blackouts';
import type { BlackoutCalendarSource, ServiceDefinition } from '../domain/process';
import { ConfigError } from './errors';
import type { RawProcess } from './processSchema';

/** The process file's blackouts as instants, after the checks that need the time zone. */
export function blackoutsOf(raw: RawProcess, services: ServiceDefinition[], source: string): Blackout[] {
  return (raw.blackouts ?? []).map((entry, index) => {
    const where = `${source}: blackouts[${index}]`;
    const at = (field: 'start' | 'end') => {
      const local = DateTime.fromISO(entry[field], { zone: raw.timeZone });
      if (!local.isValid || local.toFormat("yyyy-MM-dd'T'HH:mm") !== entry[field]) {
        throw new ConfigError(
          `${where}.${field}`,
          `"${entry[field]}" is not a time that exists in ${raw.timeZone}`,
          'Give a real local date and time (a DST jump skips an hour in spring).',
        );
      }
      return local;
    };
    const start = at('start');
    // The end is the last minute of the blackout: "2027-01-29T23:59" covers the whole 29th.
    const end = at('end').plus({ minutes: 1 });
    if (end <= start) {
      throw new ConfigError(
        `${where}.end`,
        `is before its start (${entry.start})`,
        'Make end later than start.',
      );
    }
    const names = services.map((service) => service.name);
    const unknown = entry.services?.find((service) => !names.includes(service));
    if (unknown !== undefined) {
      throw new ConfigError(
        `${where}.services`,
        `names "${unknown}", which is not a service of this process file`,
        `Use ${names.map((name) => `"${name}"`).join(' or ')}, or leave "services" out to protect every service.`,
      );
    }
    return {
      name: entry.name,
      start: start.toUTC().toISO()!,
      end: end.toUTC().toISO()!,
      ...(entry.services ? { services: entry.services } : {}),
    };
  });
}

export function calendarSourceOf(raw: RawProcess, file: string): BlackoutCalendarSource | undefined {
  const value = raw.blackoutCalendar;
  if (value === undefined) return undefined;
  if (/^https?:\/\//i.test(value)) return { kind: 'url', url: value };
  // A relative path is relative to the process file, so the two can travel together.
  return { kind: 'file', path: path.resolve(path.dirname(file), value) };
}
