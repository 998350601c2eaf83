import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../src/config/errors';
import { parseProcess } from '../../src/config/processFile';
import { publicNotice } from '../../src/domain/recipients';
import { processFor } from '../../src/domain/serviceFacts';
import { newChange } from '../domain/support';

/** `languages`, `teamLanguage` and an audience entry's `language` in the process file (docs/process-file.md). */
const root = path.join(__dirname, '..', '..');
const single = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'fixtures', 'single-service.process.json'), 'utf8'),
) as Record<string, unknown>;
const several = JSON.parse(
  fs.readFileSync(path.join(root, 'process', 'two-services.example.process.json'), 'utf8'),
) as { services: Record<string, unknown>[] } & Record<string, unknown>;

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError, but the process file was accepted');
}

describe('the languages of a process file', () => {
  test('an old file names none: no languages, addresses as they were', () => {
    const proc = parseProcess(single, 'isc.json');
    expect(proc.languages).toBeUndefined();
    expect(proc.services[0]!.audience).toEqual(single.audience);
  });

  test('languages, teamLanguage and a reader of their own language', () => {
    const proc = parseProcess(
      {
        ...single,
        languages: ['fr', 'de', 'en'],
        teamLanguage: 'en',
        audience: { emails: ['all@example.org', { email: 'Anna@Example.org', language: 'de' }] },
      },
      'isc.json',
    );
    expect(proc.languages).toEqual(['fr', 'de', 'en']);
    expect(proc.teamLanguage).toBe('en');
    expect(proc.audience).toEqual({
      emails: ['all@example.org', 'Anna@Example.org'],
      languages: { 'anna@example.org': 'de' },
    });
  });

  test('an unknown language code is refused with the field and the codes the bot speaks', () => {
    const error = configError(() => parseProcess({ ...single, languages: ['fr', 'it'] }, 'isc.json'));
    expect(error.field).toBe('isc.json: languages[1]');
    expect(error.problem).toBe('"it" is not a language the bot speaks; use one of "en", "fr", "de"');
    const reader = configError(() =>
      parseProcess(
        { ...single, languages: ['fr'], audience: { emails: [{ email: 'a@example.org', language: 'FR' }] } },
        'isc.json',
      ),
    );
    expect(reader.field).toBe('isc.json: audience.emails[0].language');
    expect(reader.problem).toMatch(/^"FR" is not a language the bot speaks/);
    expect(
      configError(() => parseProcess({ ...single, audience: { emails: [{ email: 'nope' }] } }, 'isc.json'))
        .field,
    ).toBe('isc.json: audience.emails[0].email');
    expect(configError(() => parseProcess({ ...single, languages: ['fr', 'fr'] }, 'isc.json')).problem).toBe(
      'names a language twice',
    );
  });

  test("a reader's language must be one the service publishes in", () => {
    const error = configError(() =>
      parseProcess(
        {
          ...single,
          languages: ['fr', 'en'],
          audience: { emails: [{ email: 'a@example.org', language: 'de' }] },
        },
        'isc.json',
      ),
    );
    expect(error.field).toBe('isc.json: audience.emails[0].language');
    expect(error.problem).toBe('"de" is not among the public languages ("fr", "en")');
  });

  test('teamLanguage other than English is refused: Teams cards are English only so far', () => {
    expect(configError(() => parseProcess({ ...single, teamLanguage: 'fr' }, 'isc.json')).problem).toMatch(
      /English only for now/,
    );
  });

  test('a service overrides the top-level languages; its mails are grouped by them', () => {
    const [first, second] = several.services;
    const proc = parseProcess(
      {
        ...several,
        languages: ['fr', 'de'],
        services: [
          first,
          {
            ...second,
            languages: ['de', 'en'],
            audience: { emails: ['x@example.org', { email: 'y@example.org', language: 'en' }] },
          },
        ],
      },
      'two.json',
    );
    expect(proc.languages).toEqual(['fr', 'de']);
    expect(proc.services.map((service) => service.languages)).toEqual([
      ['fr', 'de'],
      ['de', 'en'],
    ]);
    const change = {
      ...newChange('2027-06-19 18:00').change,
      service: proc.services[1]!.name,
      audienceEmails: [],
    };
    const mails = publicNotice('announcement', change, processFor(proc, change), 'request').filter(
      (effect) => effect.to.kind === 'mail',
    );
    expect(mails.map((effect) => effect.to)).toEqual([
      expect.objectContaining({ kind: 'mail', language: 'de', calendar: 'request' }),
      { kind: 'mail', language: 'en', to: ['y@example.org'], calendar: 'request' },
    ]);
    expect(mails[0]!.to.kind === 'mail' && mails[0]!.to.to).toContain('x@example.org');
  });
});
