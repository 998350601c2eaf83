import { startHarness, type Harness } from '../bot/support/harness';
import { completedChange, lifeOfAChange } from './support/lifecycle';

/** The whole bot (startBot), its JSON store on disk, and the STATUS_PAGE switch. */
describe('the status page in the running bot', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  test('STATUS_PAGE unset: /status and its feeds are 404', async () => {
    h = await startHarness();
    for (const path of ['/status', '/status/feed.atom', '/status/maintenance.ics']) {
      expect((await fetch(`${h.baseUrl}${path}`)).status).toBe(404);
    }
  });

  test('STATUS_PAGE=on: the page shows the stored changes, finished ones too (not in the active index)', async () => {
    h = await startHarness({ env: { STATUS_PAGE: 'on' } });
    const running = lifeOfAChange().started;
    const done = completedChange();
    await h.store.create(2027, (id) => ({ ...running.change, id, title: 'Running one' }));
    await h.store.create(2027, (id) => ({ ...done.change, id, title: 'Finished one' }));
    expect(h.store.listActive().map((summary) => summary.title)).toEqual(['Running one']);
    h.setNow(running.now);
    const response = await fetch(`${h.baseUrl}/status`);
    expect(response.status).toBe(200);
    const text = (await response.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('ISC Learn Platform Under maintenance');
    expect(text).toMatch(/Now Running one .*Recent maintenance Finished one/);
  });
});
