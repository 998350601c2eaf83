/**
 * The stats page in headless Chromium: the real bot (startBot, JSON store on disk, CALENDAR_FEED_TOKEN set)
 * with the generated history of 200 changes (test/support/statsHistory.ts), drawn light and dark. The
 * pictures go to docs/stats/ (README shows them); axe-core checks each one for accessibility.
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
import { generatedChange } from '../support/statsHistory';
import { REPO_ROOT } from './harness/bot';
import { launchChromium } from './harness/browser';

const SHOTS = path.join(REPO_ROOT, 'docs', 'stats');
const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
const TOKEN = 'a-long-random-feed-token-4f1c9e';

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
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-stats-browser-'));
  const config = {
    ...readConfig({ PORT: '0', DATA_DIR: dataDir, CALENDAR_FEED_TOKEN: TOKEN }, isValidCron),
    host: '127.0.0.1',
  };
  const now = new Date('2026-11-30T09:00:00.000Z');
  bot = await startBot({
    config,
    process: loadProcessFile(config.processFile),
    logger: silent,
    clock: () => new Date(now.getTime()),
    schedule: false,
    mailer: { send: async () => undefined },
  });
  for (let i = 0; i < 200; i++) await bot.store.create(2026, (id) => ({ ...generatedChange(i), id }));
  base = `http://127.0.0.1:${bot.port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

for (const scheme of ['light', 'dark'] as const) {
  test(`the stats page, ${scheme}: drawn, readable, no serious or critical axe-core violation`, async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: scheme,
      locale: 'en-GB',
    });
    await context.route('**/*', (route) =>
      LOOPBACK.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    try {
      const page = await context.newPage();
      const response = await page.goto(`${base}/stats?token=${TOKEN}&period=2026`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Change outcomes');
      await expect(
        page.getByRole('img', { name: 'Changes per month by outcome, 2026' }).count(),
      ).resolves.toBe(1);
      const body = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      expect(body).toContain('17.6 % (30 of 170)');
      await page.screenshot({ path: path.join(SHOTS, `stats-${scheme}-desktop.png`), fullPage: false });
      await page.locator('figure').screenshot({ path: path.join(SHOTS, `stats-chart-${scheme}.png`) });

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

test('an empty period says so in words, with no chart', async () => {
  const context = await browser!.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/stats?token=${TOKEN}&period=2024`);
    expect(await page.locator('body').innerText()).toContain('No change has its window in 2024');
    await expect(page.locator('svg').count()).resolves.toBe(0);
  } finally {
    await context.close();
  }
});
