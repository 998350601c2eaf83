import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';
import { parseProcess } from '../../src/config/processFile';

const shipped = JSON.parse(fs.readFileSync(DEFAULT_PROCESS_FILE, 'utf8')) as Record<string, unknown>;

function parse(extra: Record<string, unknown>, source = '/etc/change-bot/isc.json') {
  return parseProcess({ ...shipped, ...extra }, source);
}

function refusal(extra: Record<string, unknown>): ConfigError {
  try {
    parse(extra);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError, but the process file was accepted');
}

const EXAMS = { name: 'Exam session', start: '2027-01-18T00:00', end: '2027-01-29T23:59' };

describe('blackouts in the process file', () => {
  test('are optional: none when absent', () => {
    expect(parse({}).blackouts).toEqual([]);
    expect(parse({}).blackoutCalendar).toBeUndefined();
  });

  test('local times in the process zone become instants; the end minute is included (23:59 ends at 00:00)', () => {
    const summer = {
      name: 'Term start',
      start: '2027-09-13T06:00',
      end: '2027-09-13T11:59',
      services: ['ISC Learn Platform'],
    };
    expect(parse({ blackouts: [EXAMS, summer] }).blackouts).toEqual([
      { name: 'Exam session', start: '2027-01-17T23:00:00.000Z', end: '2027-01-29T23:00:00.000Z' },
      {
        name: 'Term start',
        start: '2027-09-13T04:00:00.000Z',
        end: '2027-09-13T10:00:00.000Z',
        services: ['ISC Learn Platform'],
      },
    ]);
  });

  test.each([
    [{ ...EXAMS, start: '2027-01-18 00:00' }, 'blackouts[0].start', 'YYYY-MM-DDTHH:mm'],
    [{ ...EXAMS, end: '2027-02-30T10:00' }, 'blackouts[0].end', 'is not a time that exists in Europe/Zurich'],
    [
      { ...EXAMS, start: '2027-03-28T02:30' },
      'blackouts[0].start',
      'is not a time that exists in Europe/Zurich',
    ],
    [{ ...EXAMS, end: '2027-01-10T00:00' }, 'blackouts[0].end', 'is before its start'],
    [{ ...EXAMS, services: ['ISC Lern Platform'] }, 'blackouts[0].services', 'names "ISC Lern Platform"'],
    [{ ...EXAMS, services: [] }, 'blackouts[0].services', 'lists no service'],
    [{ ...EXAMS, name: ' ' }, 'blackouts[0].name', 'must not be empty'],
    [{ ...EXAMS, until: '2027-01-29T23:59' }, 'blackouts[0].until', 'unknown field until'],
  ])('a bad blackout %j is refused naming %s', (entry, field, message) => {
    const error = refusal({ blackouts: [entry] });
    expect(error.field).toContain(field);
    expect(error.message).toContain(message);
  });

  test('blackoutCalendar: a path (relative to the process file) or an https URL; plain http only on loopback', () => {
    expect(parse({ blackoutCalendar: 'exams.ics' }).blackoutCalendar).toEqual({
      kind: 'file',
      path: path.resolve('/etc/change-bot/exams.ics'),
    });
    expect(parse({ blackoutCalendar: 'https://calendar.example.org/exams.ics' }).blackoutCalendar).toEqual({
      kind: 'url',
      url: 'https://calendar.example.org/exams.ics',
    });
    expect(parse({ blackoutCalendar: 'http://127.0.0.1:8080/exams.ics' }).blackoutCalendar?.kind).toBe('url');
    const error = refusal({ blackoutCalendar: 'http://calendar.example.org/exams.ics' });
    expect(error.field).toContain('blackoutCalendar');
    expect(error.message).toContain('must be a file path or an https:// URL');
  });
});
