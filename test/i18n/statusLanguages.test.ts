/**
 * Done when (issue 26), over real HTTP against the running bot (startBot, STATUS_PAGE=on) with
 * `languages: ["fr", "de", "en"]`: /status for Accept-Language de-CH is German with <html lang="de">, a
 * switcher and hreflang alternates; ?lang= wins over the header; no header gives the default (French);
 * /status/feed.atom?lang=fr is French with xml:lang="fr"; the public calendar follows ?lang= too.
 */
import { startHarness, type Harness } from '../bot/support/harness';
import { lifeOfAChange } from '../status/support/lifecycle';
import { readAtom, readCalendar, strictXmlProblem } from '../status/support/readFeeds';

const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the status page and its feeds in the languages of the process file', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { STATUS_PAGE: 'on' },
      processOverrides: { languages: ['fr', 'de', 'en'] },
    });
    const announced = lifeOfAChange().announced;
    await h.store.create(2027, (id) => ({ ...announced.change, id, title: 'Moodle 4.5' }));
    h.setNow(announced.now);
  });
  afterAll(async () => {
    await h.stop();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${h.baseUrl}${path}`, { headers });
    expect(response.status).toBe(200);
    return { response, body: await response.text() };
  };

  test('Accept-Language de-CH: German, <html lang="de">, a switcher and hreflang alternates', async () => {
    const { body, response } = await get('/status', { 'Accept-Language': 'de-CH, de;q=0.9, en;q=0.5' });
    expect(response.headers.get('vary')).toContain('Accept-Language');
    expect(body).toContain('<html lang="de">');
    expect(response.headers.get('content-language')).toBe('de');
    const text = visible(body);
    expect(text).toContain('Wartungsstatus');
    expect(text).toContain('ISC Learn Platform In Betrieb');
    expect(text).toContain('Geplante Wartungen Moodle 4.5 Zeitfenster Sa. 19. Juni 2027, 18:00 – 20:00');
    expect(text).toContain('Nicht verfügbar während 45 Min.');
    expect(text).toContain('Der Dienst kann in diesem Zeitfenster bis zu 45 Min. lang nicht verfügbar sein.');
    for (const language of ['fr', 'de', 'en']) {
      expect(body).toContain(`<link rel="alternate" hreflang="${language}" href="/status?lang=${language}">`);
    }
    expect(body).toContain('<link rel="alternate" hreflang="x-default" href="/status?lang=fr">');
    expect(body).toMatch(/<nav class="languages" aria-label="Sprache">/);
    expect(body).toContain('<a href="/status?lang=fr" hreflang="fr" lang="fr">Français</a>');
    expect(body).toContain('<span aria-current="true" lang="de">Deutsch</span>');
    // The feeds it links to are German too.
    expect(body).toContain('href="/status/feed.atom?lang=de"');
  });

  test('?lang= wins over Accept-Language; without either the page is in the default language', async () => {
    const english = await get('/status?lang=en', { 'Accept-Language': 'de-CH' });
    expect(english.body).toContain('<html lang="en">');
    expect(visible(english.body)).toContain('Maintenance status');
    const byDefault = await get('/status');
    expect(byDefault.body).toContain('<html lang="fr">');
    expect(visible(byDefault.body)).toContain('État des maintenances');
    // A language the process does not offer falls back the same way.
    expect((await get('/status?lang=it', { 'Accept-Language': 'it-CH' })).body).toContain('<html lang="fr">');
  });

  test('/status/feed.atom?lang=fr is French with xml:lang="fr"; ?lang=de is German', async () => {
    const fr = await get('/status/feed.atom?lang=fr');
    expect(strictXmlProblem(fr.body)).toBeUndefined();
    expect(fr.body).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fr">/);
    expect(fr.response.headers.get('content-language')).toBe('fr');
    const feed = readAtom(fr.body);
    expect(feed.title).toBe('État des maintenances\u00a0: ISC Learn Platform');
    expect(feed.entries[0]?.title).toBe('ISC Learn Platform — Maintenance annoncée\u00a0: Moodle 4.5');
    expect(feed.entries[0]?.summary).toContain(
      'Fenêtre\u00a0: sam. 19 juin 2027, 18:00 – 20:00 (Europe/Zurich)',
    );
    const de = await get('/status/feed.atom?lang=de');
    expect(de.body).toContain('xml:lang="de"');
    expect(readAtom(de.body).entries[0]?.title).toBe('ISC Learn Platform — Wartung angekündigt: Moodle 4.5');
  });

  test('/status/maintenance.ics?lang=de is German; without ?lang= it is in the default language', async () => {
    const de = readCalendar((await get('/status/maintenance.ics?lang=de')).body);
    expect(de.events[0]?.summary).toBe('Wartung ISC Learn Platform: Moodle 4.5');
    expect(de.events[0]?.description).toContain('Angekündigt. Der Dienst kann');
    const fr = readCalendar((await get('/status/maintenance.ics')).body);
    expect(fr.events[0]?.summary).toBe('Maintenance ISC Learn Platform\u00a0: Moodle 4.5');
  });
});
