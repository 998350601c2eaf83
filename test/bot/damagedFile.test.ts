/**
 * The whole bot with one damaged change file and a damaged conversation reference: it starts, serves every
 * other change, `list` and `show` name the damaged change and what to do, a press on it says nothing was
 * changed, and a damaged reference does not stop commands or presses in its channel.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { recordFileName } from '../../src/store/recordFiles';
import { cardOf, visibleText } from './support/cards';
import { answeredCard, answeredMessage, ask, createChange } from './support/flows';
import { approver, CHANNEL, implementer, startHarness, stranger, type Harness } from './support/harness';

let h: Harness;

afterEach(async () => {
  await h.stop();
});

/** Every reply of the bot to one incoming message, in order. */
async function repliesTo(incomingId: string, count: number): Promise<string[]> {
  const calls = await h.connector.waitForCount(
    `${count} replies to ${incomingId}`,
    count,
    (call) => call.kind === 'reply' && call.activityId === incomingId,
  );
  return calls.map((call) => visibleText(cardOf(h.connector.activityOf(call))));
}

test('a damaged change file: the bot starts, names it in list and show, and serves the others', async () => {
  h = await startHarness();
  const damaged = await createChange(h);
  const healthy = await createChange(h, { title: 'Renew the TLS certificate' });
  const dataDir = h.dataDir;
  await h.stop({ keepData: true });
  const file = path.join(dataDir, 'data', 'changes', `${damaged.id}.json`);
  const text = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, text.slice(0, text.length / 3));

  h = await startHarness({ dataDir });

  const list = await h.say(stranger, 'list');
  const [listed, warning] = await repliesTo(list.activityId, 2);
  expect(listed).toContain(healthy.id);
  expect(listed).not.toContain(damaged.id);
  expect(warning).toContain(damaged.id);
  expect(warning).toMatch(/restore .* from a backup/);

  const shown = await ask(h, stranger, `show ${damaged.id}`);
  expect(visibleText(shown.card)).toContain(`${damaged.id} cannot be read`);
  expect(visibleText(shown.card)).toContain('restore it from a backup');
  expect(visibleText(shown.card)).not.toContain(dataDir); // no paths for chat users

  const pressed = await h.press(approver, 'go', { changeId: damaged.id, revision: 2 });
  expect(answeredMessage(pressed)).toContain(`${damaged.id} cannot be read`);
  expect(visibleText((await ask(h, stranger, `show ${healthy.id}`)).card)).toContain(
    'Renew the TLS certificate',
  );
  expect(await fs.readFile(file, 'utf8')).toBe(text.slice(0, text.length / 3));
  expect(h.bot.store.quarantined?.().map((entry) => entry.id)).toEqual([damaged.id]);
});

test('a damaged reference file of the channel: commands and presses there still work', async () => {
  h = await startHarness();
  const created = await createChange(h);
  const dataDir = h.dataDir;
  await h.stop({ keepData: true });
  const reference = path.join(dataDir, 'data', 'conversations', recordFileName(`channel:${CHANNEL}`));
  await fs.writeFile(reference, '{"schemaVersion":1,"key":"chan');

  h = await startHarness({ dataDir });

  const shown = await ask(h, implementer, `show ${created.id}`);
  expect(visibleText(shown.card)).toContain(created.id);
  const revision = (await h.change(created.id)).revision;
  const answer = await h.press(implementer, 'cancel', {
    changeId: created.id,
    revision,
    reason: 'not needed',
  });
  expect(visibleText(answeredCard(answer))).toContain('ancel');
  expect((await h.change(created.id)).status).toBe('cancelled');
  expect(await fs.readFile(reference, 'utf8')).toBe('{"schemaVersion":1,"key":"chan');
  expect(h.bot.store.quarantined?.().map((entry) => entry.kind)).toEqual(['record']);
});

test('an impossible id (300 digits) is "no such change": nothing set aside, readiness and owners untouched', async () => {
  h = await startHarness();
  const created = await createChange(h);
  const impossible = `CHG-2026-${'1'.repeat(300)}`;

  const shown = await ask(h, stranger, `show ${impossible}`);
  expect(visibleText(shown.card)).toContain('There is no change CHG-2026-111');
  expect(visibleText(shown.card)).not.toContain('cannot be read');
  const pressed = await h.press(approver, 'go', { changeId: impossible, revision: 2 });
  expect(JSON.stringify(pressed.body)).not.toContain('cannot be read');
  const refreshed = await h.press(
    approver,
    'card.refresh',
    { changeId: impossible, revision: 2, notice: 'goNoGo' },
    { trigger: 'automatic' },
  );
  expect(JSON.stringify(refreshed.body)).not.toContain('cannot be read');

  expect(h.bot.store.quarantined?.()).toEqual([]);
  await h.bot.tick();
  const ready = (await (await fetch(`${h.baseUrl}/readyz`)).json()) as {
    checks: { name: string; state: string }[];
  };
  expect(ready.checks.find((check) => check.name === 'storedFiles')?.state).toBe('ok');
  expect(JSON.stringify(h.logs)).not.toMatch(/damaged stored files|set aside a stored file/);
  const list = await ask(h, stranger, 'list');
  expect(visibleText(list.card)).toContain(created.id);
  expect(visibleText(list.card)).not.toContain('damaged');
});
