/**
 * Damage stays local: the real bot on its JSON store on disk, one of three finished changes with a damaged file.
 * The public pages serve the two others (and never mention the damage); the team's stats (the page behind the
 * token, and the `stats` card in chat) count the others and name the unreadable one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { visibleText } from '../bot/support/cards';
import { ask } from '../bot/support/flows';
import { implementer, startHarness, type Harness } from '../bot/support/harness';
import { readAtom, readCalendar } from './support/readFeeds';
import { cancelledChange, completedChange, lifeOfAChange } from './support/lifecycle';

const TOKEN = 'stats-token-0123456789abcdef';
const env = { STATUS_PAGE: 'on', CALENDAR_FEED_TOKEN: TOKEN };

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

test('one damaged change file: /status, its feeds and /stats answer 200 with every other change', async () => {
  h = await startHarness({ env });
  const done = completedChange();
  const cancelled = cancelledChange();
  const healthy = await h.store.create(2027, (id) => ({ ...done.change, id, title: 'Healthy finished' }));
  const damaged = await h.store.create(2027, (id) => ({ ...done.change, id, title: 'Damaged finished' }));
  const other = await h.store.create(2027, (id) => ({ ...cancelled.change, id, title: 'Healthy cancelled' }));
  const dataDir = h.dataDir;
  await h.stop({ keepData: true });
  const file = path.join(dataDir, 'data', 'changes', `${damaged.change.id}.json`);
  const text = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, text.slice(0, text.length / 2));

  h = await startHarness({ env, dataDir });
  h.setNow(done.now);

  const page = await fetch(`${h.baseUrl}/status`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Healthy finished');
  expect(html).toContain('Healthy cancelled');
  expect(html).not.toContain('Damaged finished');
  // The public is never told about the damage, nor which change it is.
  expect(html).not.toContain(damaged.change.id);
  expect(html).not.toMatch(/cannot be read|damaged/i);

  const atom = await fetch(`${h.baseUrl}/status/feed.atom`);
  expect(atom.status).toBe(200);
  const feed = readAtom(await atom.text());
  expect(feed.entries.some((entry) => entry.title.includes('Healthy finished'))).toBe(true);
  expect(JSON.stringify(feed)).not.toMatch(/cannot be read|damaged/i);

  const ics = await fetch(`${h.baseUrl}/status/maintenance.ics`);
  expect(ics.status).toBe(200);
  const events = readCalendar(await ics.text()).events;
  expect(events.map((event) => event.summary).join('\n')).toContain('Healthy finished');

  const stats = await fetch(`${h.baseUrl}/stats?token=${TOKEN}&period=2027`);
  expect(stats.status).toBe(200);
  const statsHtml = (await stats.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(statsHtml).toContain(`Not counted: ${damaged.change.id} cannot be read`);
  expect(statsHtml).toContain('restore it from a backup');
  // Two changes counted: the completed one and the cancelled one.
  expect(statsHtml).toMatch(/Whole period: 2027 Period .* 2027 2 1 /);

  const card = visibleText((await ask(h, implementer, 'stats 2027')).card);
  expect(card).toContain('2 (1 run, 1 cancelled');
  expect(card).toContain(`Not counted: ${damaged.change.id} cannot be read`);
  expect(healthy.change.id).not.toBe(other.change.id);
  // The file is left as it was.
  expect(await fs.readFile(file, 'utf8')).toBe(text.slice(0, text.length / 2));
});

test('no damaged file: the stats card and page say nothing about unreadable changes', async () => {
  h = await startHarness({ env });
  const done = completedChange();
  await h.store.create(2027, (id) => ({ ...done.change, id }));
  h.setNow(done.now);
  const stats = await fetch(`${h.baseUrl}/stats?token=${TOKEN}&period=2027`);
  expect(stats.status).toBe(200);
  expect(await stats.text()).not.toContain('Not counted');
  const card = visibleText((await ask(h, implementer, 'stats 2027')).card);
  expect(card).not.toContain('Not counted');
});

test('a change file damaged while the bot runs: /calendar.ics and /status serve the other announced changes', async () => {
  h = await startHarness({ env });
  const { announced } = lifeOfAChange();
  const healthy = await h.store.create(2027, (id) => ({
    ...announced.change,
    id,
    title: 'Healthy announced',
  }));
  const damaged = await h.store.create(2027, (id) => ({
    ...announced.change,
    id,
    title: 'Damaged announced',
  }));
  h.setNow(announced.now);
  expect(h.store.listActive().map((summary) => summary.id)).toEqual([healthy.change.id, damaged.change.id]);
  await fs.writeFile(path.join(h.dataDir, 'data', 'changes', `${damaged.change.id}.json`), '{"schemaVer');

  const calendar = await fetch(`${h.baseUrl}/calendar.ics?token=${TOKEN}`);
  expect(calendar.status).toBe(200);
  const summaries = readCalendar(await calendar.text()).events.map((event) => event.summary);
  expect(summaries.join('\n')).toContain('Healthy announced');
  expect(summaries.join('\n')).not.toContain('Damaged announced');
  const page = await fetch(`${h.baseUrl}/status`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Healthy announced');
});
