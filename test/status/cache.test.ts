/**
 * The public pages of the running bot (startBot, JSON store on disk) keep one rendering per format, language and
 * service: readers after the first do not read the store again, until a change is written or a shown window
 * starts or ends. The page and the Atom feed carry a bounded number of entries.
 */
import type { ChangeStore } from '../../src/store/types';
import { startHarness, type Harness } from '../bot/support/harness';
import { completedChange, lifeOfAChange } from './support/lifecycle';
import { readAtom } from './support/readFeeds';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The store, counting the changes read from it. */
function countingReads(counter: { gets: number }) {
  return (store: ChangeStore): ChangeStore =>
    new Proxy(store, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (property !== 'get') return method.bind(target);
        return (...args: unknown[]) => {
          counter.gets += 1;
          return method.apply(target, args);
        };
      },
    });
}

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/**
 * The page's text once it contains `expected`: after a write or a window boundary the first readers may still
 * get the previous rendering while the new one is built (a few tries, never a fixed sleep as the check).
 */
async function pageShowing(h: Harness, expected: string): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    text = visible(await (await fetch(`${h.baseUrl}/status`)).text());
    if (text.includes(expected)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return text;
}

test('one rendering shared by readers; a write or the window start renders it again', async () => {
  const counter = { gets: 0 };
  h = await startHarness({ env: { STATUS_PAGE: 'on' }, wrapStore: countingReads(counter) });
  const { announced } = lifeOfAChange();
  for (let n = 0; n < 5; n++) {
    await h.store.create(2027, (id) => ({ ...announced.change, id, title: `Announced ${n}` }));
  }
  h.setNow(announced.now);

  const first = await fetch(`${h.baseUrl}/status`);
  expect(first.status).toBe(200);
  expect(visible(await first.text())).toContain('Announced 4');
  const afterFirst = counter.gets;
  expect(afterFirst).toBeGreaterThanOrEqual(5);
  const pages = await Promise.all(Array.from({ length: 20 }, () => fetch(`${h!.baseUrl}/status`)));
  const bodies = await Promise.all(pages.map((page) => page.text()));
  expect(new Set(bodies).size).toBe(1);
  await fetch(`${h.baseUrl}/status/feed.atom`);
  await fetch(`${h.baseUrl}/status/maintenance.ics`);
  await fetch(`${h.baseUrl}/status`, { headers: { 'Accept-Language': 'fr' } });
  // Twenty more pages, the feeds and a French page: not one more read of the store.
  expect(counter.gets).toBe(afterFirst);

  // A write (here: a title changed through the bot's store) is on the next page.
  const id = h.store.ids()[0]!;
  await h.store.update(id, (change) => ({ ...change, title: 'Renamed after a write' }));
  expect(await pageShowing(h, 'Renamed after a write')).toContain('Renamed after a write');

  // The window starts: no write and well within a minute, yet the page shows it under way.
  const start = Date.parse(announced.change.window.start);
  h.setNow(new Date(start - 10_000));
  expect(visible(await (await fetch(`${h.baseUrl}/status`)).text())).not.toContain('Under maintenance');
  h.setNow(new Date(start + 10_000));
  expect(await pageShowing(h, 'Under maintenance')).toContain('Under maintenance');
});

test('the page lists a bounded history per service, the Atom feed a bounded number of entries', async () => {
  h = await startHarness({ env: { STATUS_PAGE: 'on' } });
  const done = completedChange();
  const count = 40;
  for (let n = 0; n < count; n++) {
    await h.store.create(2027, (id) => ({ ...done.change, id, title: `Finished number ${n}` }));
  }
  h.setNow(done.now);
  const page = visible(await (await fetch(`${h.baseUrl}/status`)).text());
  expect(page.match(/Finished number \d+/g)).toHaveLength(25);
  const feed = readAtom(await (await fetch(`${h.baseUrl}/status/feed.atom`)).text());
  expect(feed.entries).toHaveLength(50); // of 160 events (4 per change)
  // The latest events are the ones kept.
  expect(feed.entries[0]!.title).toContain('Maintenance completed');
});
