/**
 * The public status page in headless Chromium: the real bot (startBot, JSON store on disk, STATUS_PAGE=on)
 * serving changes at several states, drawn light and dark at desktop and phone widths. The pictures go to
 * docs/status/ (README shows them); axe-core checks each one for accessibility.
 *
 * Run with `npm run test:browser` (scripts/e2e-run.sh); needs Debian `chromium`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { isValidCron } from '../../src/scheduler/cron';
import { readConfig } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import { startBot, type RunningBot } from '../../src/compose';
import type { Logger } from '../../src/app/ports';
import { zurich } from '../domain/support';
import { completedChange, lifeOfAChange, PRIVATE_STRINGS } from '../status/support/lifecycle';
import { REPO_ROOT } from './harness/bot';
import { launchChromium } from './harness/browser';

const SHOTS = path.join(REPO_ROOT, 'docs', 'status');
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

const silent: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

let browser: Browser | undefined;
let bot: RunningBot | undefined;
let dataDir: string;
let base: string;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-status-browser-'));
  const config = {
    ...readConfig({ PORT: '0', DATA_DIR: dataDir, STATUS_PAGE: 'on' }, isValidCron),
    host: '127.0.0.1',
  };
  const life = lifeOfAChange();
  const now = life.extended.now;
  bot = await startBot({
    config,
    process: loadProcessFile(config.processFile),
    logger: silent,
    clock: () => new Date(now.getTime()),
    schedule: false,
    mailer: { send: async () => undefined },
  });
  // Running and extended now; a restored one from May; a completed one last week; one announced for July.
  await bot.store.create(2027, (id) => ({ ...life.extended.change, id }));
  const restored = life.restored.change;
  const shift = (iso: string) => new Date(Date.parse(iso) - 42 * 24 * 3600_000).toISOString();
  await bot.store.create(2027, (id) => ({
    ...restored,
    id,
    title: 'Move the file store to the new NAS',
    window: { start: shift(restored.window.start), end: shift(restored.window.end) },
    plannedEnd: shift(restored.plannedEnd),
    history: restored.history.map((entry) => ({ ...entry, at: shift(entry.at) })),
    extensions: restored.extensions.map((extension) => ({
      ...extension,
      at: shift(extension.at),
      previousEnd: shift(extension.previousEnd),
      newEnd: shift(extension.newEnd),
    })),
  }));
  const done = completedChange().change;
  const week = (iso: string) => new Date(Date.parse(iso) - 7 * 24 * 3600_000).toISOString();
  await bot.store.create(2027, (id) => ({
    ...done,
    id,
    title: 'Renew the TLS certificate',
    downtimeMinutes: 0,
    window: { start: week(done.window.start), end: week(done.window.end) },
    plannedEnd: week(done.plannedEnd),
    history: done.history.map((entry) => ({ ...entry, at: week(entry.at) })),
  }));
  await bot.store.create(2027, (id) => ({
    ...life.announced.change,
    id,
    title: 'Upgrade PHP to 8.4',
    window: {
      start: zurich('2027-07-03 07:00').toISOString(),
      end: zurich('2027-07-03 09:30').toISOString(),
    },
    plannedEnd: zurich('2027-07-03 09:30').toISOString(),
    downtimeMinutes: 90,
  }));
  base = `http://127.0.0.1:${bot.port}`;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

const VIEWS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const view of VIEWS) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the status page, ${scheme}, ${view.name}: drawn, readable, no serious or critical axe-core violation`, async () => {
      const context = await browser!.newContext({
        viewport: view.viewport,
        colorScheme: scheme,
        locale: 'en-GB',
        javaScriptEnabled: true,
      });
      await context.route('**/*', (route) =>
        LOOPBACK.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
      );
      try {
        const page = await context.newPage();
        const response = await page.goto(`${base}/status`);
        expect(response?.status()).toBe(200);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'Maintenance status',
        );
        const body = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
        expect(body).toContain('ISC Learn Platform Under maintenance');
        expect(body).toContain('Upgrade PHP to 8.4');
        expect(body).toContain('Incident, restored');
        for (const secret of PRIVATE_STRINGS) expect(body).not.toContain(secret);
        // The page's colours follow the browser's preference.
        const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
        expect(background).toBe(scheme === 'dark' ? 'rgb(21, 22, 26)' : 'rgb(255, 255, 255)');
        // Nothing overflows sideways on a phone.
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: path.join(SHOTS, `status-${scheme}-${view.name}.png`),
          fullPage: true,
        });

        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
        expect(serious).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
}

test('the page needs no JavaScript: the same content with scripts off', async () => {
  const context = await browser!.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/status`);
    expect((await page.locator('body').innerText()).replace(/\s+/g, ' ')).toContain(
      'ISC Learn Platform Under maintenance',
    );
  } finally {
    await context.close();
  }
});
