import { Duration } from 'luxon';
import { cardForNotice } from '../../src/cards';
import type { NoticeKind } from '../../src/domain/change';
import { NOTICE_KINDS } from '../../src/domain/steps';
import { renderMarkdown } from './markdown';
import { card, change, NOW, process, seen } from './support';
import { visibleTexts } from './validate';

const ALL_NOTICES: readonly NoticeKind[] = NOTICE_KINDS;

describe.each(ALL_NOTICES)('the %s card', (notice) => {
  it('names the change and its service', () => {
    const text = seen(card(notice, change()));
    expect(text).toContain('CHG-2026-014 · ISC Learn Platform');
    expect(text).toContain('Upgrade Moodle to 4.5');
  });

  it('shows Expedited on an expedited change, and only then', () => {
    expect(seen(card(notice, change({ expedited: true })))).toContain(
      'Expedited. Requested with less than 21 days notice',
    );
    expect(seen(card(notice, change()))).not.toContain('Expedited.');
  });

  it('shows Overlaps when another change on the service overlaps its window', () => {
    expect(seen(card(notice, change({ overlaps: ['CHG-2026-003'] })))).toContain(
      'Overlaps with CHG-2026-003',
    );
  });

  it('shows typed markdown, date functions and template expressions as plain text', () => {
    const title = 'See [click](http://evil.example) {{DATE(2026-12-19T17:00:00Z, SHORT)}} ${changeId}';
    const json = card(notice, change({ title }));
    expect(JSON.stringify(json)).not.toContain('${');
    const titleBlock = visibleTexts(json).find((text) => text.includes('click'));
    expect(titleBlock).toBeDefined();
    const { html, seen: shown } = renderMarkdown(titleBlock ?? '');
    expect(html).not.toContain('<a');
    expect(titleBlock).not.toMatch(/\{\{DATE\(/);
    // The template data is not expanded again: ${changeId} stays as typed.
    expect(shown).toBe(title);
  });
});

describe('late and overlapping notices', () => {
  it('says a caught-up notice was sent late because the bot was offline', () => {
    expect(seen(card('preparation', change(), { late: true }))).toContain(
      'Sent late: this was due Sat 28 Nov 2026, 18:00 (Europe/Zurich); the bot was offline at that time.',
    );
    expect(seen(card('preparation', change()))).not.toContain('Sent late');
  });

  it('says an expedited change got its overdue steps late because it was requested after them', () => {
    const expedited = change({ expedited: true, createdAt: '2026-12-10T09:00:00.000Z' });
    expect(seen(card('precheck', expedited, { late: true }))).toContain(
      'this step was due Sat 5 Dec 2026, 18:00 (Europe/Zurich), before the change was requested (expedited)',
    );
  });

  it('names the overlapping change with its title and window when the caller has them', () => {
    const text = seen(
      card('goNoGo', change({ overlaps: ['CHG-2026-003'] }), {
        overlaps: [
          {
            id: 'CHG-2026-003',
            title: 'Renew TLS',
            service: 'ISC Learn Platform',
            status: 'approved',
            window: { start: '2026-12-19T18:00:00.000Z', end: '2026-12-19T19:00:00.000Z' },
            implementer: 'Marc',
            revision: 3,
          },
        ],
      }),
    );
    expect(text).toContain(
      'Overlaps with CHG-2026-003 "Renew TLS", Sat 19 Dec 2026, 19:00–20:00 (Europe/Zurich)',
    );
  });
});

describe('the reminder heading', () => {
  it('says Tomorrow for the usual one-day reminder', () => {
    expect(seen(card('reminder', change()))).toContain('Tomorrow: planned maintenance of ISC Learn Platform');
  });

  it('follows the process file when the reminder comes at another offset', () => {
    const shortProcess = { ...process, before: { ...process.before, reminder: Duration.fromISO('PT25S') } };
    const text = seen(cardForNotice('reminder', change(), shortProcess, { now: NOW }));
    expect(text).toContain('In 25 s: planned maintenance of ISC Learn Platform');
    expect(text).not.toContain('Tomorrow');
  });
});
