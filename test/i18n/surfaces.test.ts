/**
 * Each public surface rendered in fr, de and en: the audience mails (every notice the audience gets, and the
 * invitation), the status page, its Atom feed and its calendar. Checked: the language markers (the mail's
 * Content-Language, <html lang>, xml:lang) and that a French or German rendering holds no English sentence of
 * the catalogues, so that no literal is left outside them on these surfaces.
 */
import type { Change, NoticeKind, OutboxEntry } from '../../src/domain/change';
import { atomEvents, publicStatus } from '../../src/domain/publicStatus';
import { CATALOGUES } from '../../src/i18n/catalogues';
import { LANGUAGES, type Language } from '../../src/i18n/languages';
import { t } from '../../src/i18n/translate';
import { composeMail } from '../../src/mail/message';
import { statusAtom } from '../../src/status/atom';
import { statusCalendar } from '../../src/status/calendar';
import { statusPageHtml } from '../../src/status/page';
import { testProcess } from '../domain/support';
import { cancelledChange, completedChange, lifeOfAChange } from '../status/support/lifecycle';

const proc = { ...testProcess(), languages: ['fr', 'de', 'en'] as const };
const FROM = { name: 'Change bot', email: 'change-bot@example.org' };
const life = lifeOfAChange();

/** The changes at the points where each audience notice is mailed. */
const MAILED: [NoticeKind, Change][] = [
  ['announcement', life.announced.change],
  ['reminder', life.announced.change],
  ['start', life.started.change],
  ['extension', life.extended.change],
  ['incident', life.incident.change],
  ['restored', life.restored.change],
  ['end', completedChange().change],
  ['cancellation', cancelledChange().change],
  ['rescheduled', { ...life.announced.change, status: 'planned' }],
];

/** The literal text of every English message longer than a word or two: what must not show in fr or de. */
const ENGLISH_FRAGMENTS = Object.values(CATALOGUES.en)
  .flatMap((message) => message.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
  .map((fragment) => fragment.trim())
  .filter((fragment) => fragment.split(/\s+/).length >= 3 && fragment.length >= 12);

function englishIn(text: string): string[] {
  return ENGLISH_FRAGMENTS.filter((fragment) => text.includes(fragment));
}

function entry(notice: NoticeKind, language: Language): OutboxEntry {
  return {
    key: `3:${notice}:mail.${language}`,
    effect: {
      notice,
      to: {
        kind: 'mail',
        to: ['readers@example.org'],
        language,
        ...(notice === 'announcement' ? { calendar: 'request' as const } : {}),
      },
    },
    revision: 3,
    state: 'pending',
    attempts: 0,
    createdAt: '2027-06-12T16:30:00.000Z',
  };
}

describe('the audience mails in each language', () => {
  test.each(LANGUAGES)('%s: every audience notice has its label, heading and marker', (language) => {
    for (const [notice, change] of MAILED) {
      const mail = composeMail(change, entry(notice, language), proc, FROM);
      expect(mail.language).toBe(language);
      expect(mail.subject).toContain(t(language, `mail.label.${notice}` as never));
      expect(mail.text).toContain(t(language, 'mail.footer', { id: change.id }));
      const english = englishIn(`${mail.text}\n${mail.calendar?.content ?? ''}`);
      // In English the check finds its own sentences: it would find one left in French or German.
      if (language === 'en') expect(english.length).toBeGreaterThan(0);
      else expect([notice, english]).toEqual([notice, []]);
    }
  });
});

describe('the status page, feed and calendar in each language', () => {
  const shown = [life.restored.change, { ...cancelledChange().change, id: 'CHG-2027-002' }];
  const now = life.restored.now;
  const status = publicStatus(shown, now, { services: ['ISC Learn Platform'] });

  test.each(LANGUAGES)('%s: the markers, and no English sentence in fr or de', (language) => {
    const page = statusPageHtml(status, { language, languages: LANGUAGES, timeZone: 'Europe/Zurich', now });
    expect(page).toContain(`<html lang="${language}">`);
    const feed = statusAtom(atomEvents(status), {
      baseUrl: 'http://x',
      timeZone: 'Europe/Zurich',
      now,
      language,
    });
    expect(feed).toContain(`xml:lang="${language}"`);
    const calendar = statusCalendar(status, { timeZone: 'Europe/Zurich', now, language });
    expect(page).toContain(t(language, 'status.title'));
    if (language !== 'en') {
      expect(englishIn(page)).toEqual([]);
      expect(englishIn(feed)).toEqual([]);
      expect(englishIn(calendar.replace(/\r\n[ \t]/g, '').replace(/\\,/g, ','))).toEqual([]);
    }
  });
});
