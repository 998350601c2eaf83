/**
 * One change through the Agents Playground's real web UI in headless Chromium: the implementer types
 * `@change new` in the channel, fills the rendered form and submits it; the approver, in their own
 * browser, presses GO on the rendered card. Screenshots go to test-results/browser/ (ignored by git).
 *
 * Run with `npm run test:browser` (scripts/e2e-run.sh); needs Debian `chromium`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from './harness/bot';
import { launchChromium, openPlaygroundAs, postWithMention, renderedCard } from './harness/browser';
import { windowFromNow } from './harness/changeFlow';
import { startEnvironment, type E2eEnvironment } from './harness/environment';
import { BOT, PEOPLE } from './harness/people';

const SHOTS = path.join(REPO_ROOT, 'test-results', 'browser');

let env: E2eEnvironment | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
  browser = await launchChromium();
  env = await startEnvironment();
  console.log(`e2e: network ${process.env.E2E_NETWORK ?? 'not isolated (run through npm run test:browser)'}`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (env) {
    await env.saveArtifacts('browser');
    await env.stop();
  }
}, 60_000);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test(
  'the implementer creates a change in the rendered form and the approver presses GO on the rendered card',
  async () => {
    const world = env!;
    try {
      // Both browsers are open before anything is posted: the UI shows only what arrives while it is open.
      const implementer = await openPlaygroundAs(browser!, world.playground.baseUrl, 'implementer');
      const approver = await openPlaygroundAs(browser!, world.playground.baseUrl, 'approver');
      // A fresh title, so that nothing left on screen from before can pass for this run.
      const title = `Upgrade Moodle, browser run ${randomBytes(3).toString('hex')}`;

      await postWithMention(implementer, BOT.name, 'new');
      const form = renderedCard(implementer, 'New change request', 'Create change request');
      await form.waitFor({ timeout: 30_000 });
      await shot(implementer, '01-implementer-form');

      // Typing the form takes a few seconds: a little more than the 60 s lead time.
      const window = windowFromNow(80, 1);
      await form.getByLabel(/^Title/).fill(title);
      await form.getByLabel(/^What will be modified/).fill('Moodle 4.4 → 4.5 on Hannibal');
      for (const [label, value] of [
        ['Start date', window.start.toISODate()!],
        ['Start time', window.start.toFormat('HH:mm')],
        ['End date', window.end.toISODate()!],
        ['End time', window.end.toFormat('HH:mm')],
      ] as const) {
        const field = form.getByLabel(new RegExp(`^${label}`));
        await field.fill(value);
        await field.press('Enter');
        await field.press('Escape');
      }
      await form.getByLabel(/Expected downtime/).fill('1');
      await form.getByLabel(/Validation tests/).fill('Log in as a student\nOpen the course "Welcome"');
      await form.getByLabel(/^Rollback plan/).fill('Restore the data snapshot taken before the window');
      await shot(implementer, '02-implementer-form-filled');

      const created = implementer.waitForRequest((request) =>
        request.url().endsWith('/_conversation/v1/invoke'),
      );
      await form.getByRole('button', { name: 'Create change request' }).click();
      const sent = JSON.parse((await created).postData() ?? '{}') as {
        value: { action: { verb: string; data: Record<string, string> } };
      };
      expect(sent.value.action.verb).toBe('change.create');
      expect(sent.value.action.data).toMatchObject({
        title,
        startTime: window.start.toFormat('HH:mm'),
        downtime: '1',
      });

      const summary = renderedCard(implementer, 'Change details', title);
      await summary.waitFor({ timeout: 30_000 });
      const changeId = /CHG-\d{4}-\d{3,}/.exec(await summary.innerText())?.[0];
      expect(changeId).toBeDefined();
      await shot(implementer, '03-implementer-change-created');

      // GO / NOGO falls due 40 s before the window starts (fast process): up to about 80 s from now.
      const goCard = renderedCard(approver, 'GO / NOGO needed', changeId!);
      await goCard.waitFor({ timeout: 150_000 });
      await goCard.scrollIntoViewIfNeeded();
      await shot(approver, '04-approver-go-card');

      const pressed = approver.waitForRequest((request) =>
        request.url().endsWith('/_conversation/v1/invoke'),
      );
      await goCard.getByRole('button', { name: 'GO', exact: true }).click();
      const press = JSON.parse((await pressed).postData() ?? '{}') as {
        from: { id: string };
        value: { action: { verb: string; data: { changeId: string } } };
      };
      expect(press.from.id).toBe(PEOPLE.approver.id);
      expect(press.value.action).toMatchObject({ verb: 'go', data: { changeId } });

      const decided = renderedCard(approver, 'GO / NOGO decided', changeId!);
      await decided.waitFor({ timeout: 30_000 });
      expect(await decided.innerText()).toContain('GO by Alice Approver');
      await shot(approver, '05-approver-go-decided');

      const announcement = renderedCard(approver, 'Planned maintenance', changeId!);
      await announcement.waitFor({ timeout: 30_000 });
      await announcement.scrollIntoViewIfNeeded();
      await shot(approver, '06-approver-announcement');
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      failure.message = `${failure.message}\n\n${await world.report()}`;
      throw failure;
    }
  },
  6 * 60_000,
);
