import { promises as fs } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PEOPLE, type Role } from './people';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium, nothing in the background that would call home. */
export async function launchChromium(): Promise<Browser> {
  try {
    await fs.access(CHROMIUM);
  } catch {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. Install it with "apt-get install -y chromium" ` +
        '(scripts/e2e-install-chromium.sh does it when absent), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * The Playground's web UI, as one of the five people. Its UI has no user switcher: it acts as the config's
 * currentUser (the implementer's keyboard). For anyone else the page is given a config in which that
 * person is the currentUser, so every press it sends names them, as their own Teams client would.
 * Requests to anything but loopback (web fonts from a CDN) are aborted.
 */
export async function openPlaygroundAs(browser: Browser, baseUrl: string, who: Role): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    timezoneId: 'Europe/Zurich',
  });
  await context.route('**/*', (route) =>
    LOOPBACK.test(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  if (who !== 'implementer') {
    await context.route('**/_internal/v1/config', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { config: { currentUser: unknown } };
      // The UI looks people up in the team's member list, so they stay as they are.
      body.config.currentUser = PEOPLE[who];
      await route.fulfill({ response, json: body });
    });
  }
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByText('General', { exact: true }).click();
  await page.getByText('Start a new post').waitFor();
  return page;
}

/** Starts a new post in the open channel: `@change` picked from the mention list, then the text. */
export async function postWithMention(page: Page, botName: string, text: string): Promise<void> {
  await page.locator('[contenteditable="true"][role="textbox"]').first().click();
  await page.keyboard.type(`@${botName.slice(0, 3)}`);
  await page.locator('#typeahead-menu').getByText(botName, { exact: true }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/** The rendered Adaptive Card that shows all of `texts`. */
export function renderedCard(page: Page, ...texts: string[]): Locator {
  let cards = page.locator('.ac-adaptiveCard');
  for (const text of texts) cards = cards.filter({ hasText: text });
  return cards.first();
}
