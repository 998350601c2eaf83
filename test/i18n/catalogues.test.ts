import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES } from '../../src/i18n/catalogues';
import { chooseLanguage, LANGUAGES, LOCALES } from '../../src/i18n/languages';
import { duration, localDateTime, localWhen, t } from '../../src/i18n/translate';

/** The argument names of an ICU message (plural and select arguments included, nested ones too). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]): void => {
    for (const node of nodes as { value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
      if (typeof node.value === 'string' && 'type' in node && (node as { type: number }).type !== 0) {
        names.add(node.value);
      }
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

describe('the catalogues (src/i18n/catalogues)', () => {
  const keys = Object.keys(CATALOGUES.en).sort();

  test.each(LANGUAGES.filter((language) => language !== 'en'))(
    '%s has every key of English and no other',
    (language) => {
      expect(Object.keys(CATALOGUES[language]).sort()).toEqual(keys);
    },
  );

  test.each(LANGUAGES)(
    'every %s message is valid ICU and takes the arguments the English one takes',
    (language) => {
      const wrong = keys.filter((key) => {
        const english = argumentsOf(CATALOGUES.en[key as keyof typeof CATALOGUES.en], 'en-GB');
        const own = argumentsOf(CATALOGUES[language][key as keyof typeof CATALOGUES.en], LOCALES[language]);
        return JSON.stringify(english) !== JSON.stringify(own);
      });
      expect(wrong).toEqual([]);
    },
  );

  test('plurals: 1 minute, 2 minutes (and hours, days) in each language', () => {
    expect([1, 2].map((n) => duration('en', n))).toEqual(['1 minute', '2 minutes']);
    expect([1, 2].map((n) => duration('fr', n))).toEqual(['1 minute', '2 minutes']);
    expect([1, 2].map((n) => duration('de', n))).toEqual(['1 Minute', '2 Minuten']);
    expect(duration('en', 61)).toBe('1 hour 1 minute');
    expect(duration('fr', 150)).toBe('2 heures 30 minutes');
    expect(duration('de', 60)).toBe('1 Stunde');
    expect(duration('de', 0)).toBe('keine Unterbrechung');
    expect(t('en', 'status.noHistory', { days: 1 })).toBe('No maintenance in the last day.');
    expect(t('fr', 'status.noHistory', { days: 90 })).toBe('Aucune maintenance ces 90 derniers jours.');
    expect(t('de', 'status.noHistory', { days: 1 })).toBe('Keine Wartung am letzten Tag.');
  });

  test("dates in each language's Swiss form, 24-hour, in the process time zone (summer and winter time)", () => {
    const summer = { start: '2027-06-19T16:00:00Z', end: '2027-06-19T18:00:00Z' };
    expect(localWhen('fr', summer, 'Europe/Zurich')).toBe(
      'le samedi 19 juin 2027 de 18:00 à 20:00 (Europe/Zurich)',
    );
    expect(localWhen('de', summer, 'Europe/Zurich')).toBe(
      'am Samstag, 19. Juni 2027 von 18:00 bis 20:00 Uhr (Europe/Zurich)',
    );
    expect(localWhen('en', summer, 'Europe/Zurich')).toBe(
      'on Saturday 19 June 2027, 18:00–20:00 (Europe/Zurich)',
    );
    expect(localDateTime('de', '2027-01-18T23:30:00Z', 'Europe/Zurich')).toBe(
      'Dienstag, 19. Januar 2027, 00:30 Uhr',
    );
    expect(localDateTime('fr', '2027-01-18T23:30:00Z', 'Europe/Zurich')).toBe(
      'mardi 19 janvier 2027 à 00:30',
    );
  });

  test('the language of an answer: ?lang=, else Accept-Language by q, else the default', () => {
    const offered = ['fr', 'de', 'en'] as const;
    expect(chooseLanguage(offered, 'de-CH, en;q=0.5')).toBe('de');
    expect(chooseLanguage(offered, 'it-CH, en;q=0.3, de;q=0.7')).toBe('de');
    expect(chooseLanguage(offered, 'de-CH', 'EN')).toBe('en');
    expect(chooseLanguage(offered, 'it', 'es')).toBe('fr');
    expect(chooseLanguage(offered, undefined)).toBe('fr');
  });
});
