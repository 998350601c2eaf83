import path from 'node:path';
import { isPost } from '../support/connector';
import { cardOf, verbsOf, visibleText } from './support/cards';
import { answeredCard, ask, createChange, tickAt, VALID_FORM } from './support/flows';
import { implementer, startHarness, writeTestProcessFile, type Harness } from './support/harness';
import fs from 'node:fs/promises';
import os from 'node:os';

/** The valid form's window (Wed 15 Apr 2026, 18:00–20:00) falls in this blackout. */
const SPRING_EXAMS = { name: 'Spring exams', start: '2026-04-13T00:00', end: '2026-04-17T23:59' };

let h: Harness;
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-blackouts-'));
  const processFile = await writeTestProcessFile(dir, { blackouts: [SPRING_EXAMS] });
  h = await startHarness({ env: { PROCESS_FILE: processFile } });
});
afterEach(async () => {
  await h.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function pressCreate(values: Record<string, string>) {
  const form = await ask(h, implementer, 'new');
  return answeredCard(
    await h.press(
      implementer,
      'change.create',
      { ...VALID_FORM, ...values },
      {
        replyToId: form.cardActivityId,
        rootId: form.rootId,
      },
    ),
  );
}

test('the form, help and list show the upcoming blackout', async () => {
  for (const command of ['new', 'help', 'list']) {
    const { card } = await ask(h, implementer, command);
    expect({ command, text: visibleText(card) }).toEqual({
      command,
      text: expect.stringContaining('Spring exams, Mon 13 Apr 2026, 00:00 → Sat 18 Apr 2026, 00:00'),
    });
  }
});

test('a window in the blackout is refused with its name and the nearest allowed windows; nothing is stored', async () => {
  const card = await pressCreate({});
  const text = visibleText(card);
  expect(verbsOf(card)).toEqual(['change.create']);
  expect(text).toContain(
    'The window touches the blackout "Spring exams, Mon 13 Apr 2026, 00:00 → Sat 18 Apr 2026, 00:00"',
  );
  expect(text).toContain(
    'Sun 12 Apr 2026, 18:00 → Sun 12 Apr 2026, 20:00 or Sat 18 Apr 2026, 18:00 → Sat 18 Apr 2026, 20:00',
  );
  expect(h.store.ids()).toEqual([]);
});

test('expedited without a reason is still refused, and says a reason is needed', async () => {
  const text = visibleText(await pressCreate({ expedited: 'true' }));
  expect(text).toContain('Say why this change cannot wait until after Spring exams');
  expect(h.store.ids()).toEqual([]);
});

test('expedited with a reason is created, and the approver reads the reason on the GO/NOGO card', async () => {
  const reason = 'The vendor ends support for 4.4 on 16 April; the upgrade cannot wait.';
  const created = await createChange(h, { expedited: 'true', expeditedReason: reason });
  expect((await h.change(created.id)).blackoutOverride).toEqual({ blackouts: ['Spring exams'], reason });
  await tickAt(h, new Date('2026-04-08T16:00:00.000Z'));
  const call = await h.connector.waitFor(
    'the GO/NOGO card',
    (c) => isPost(c) && verbsOf(cardOf(h.connector.activityOf(c))).includes('go'),
  );
  const text = visibleText(cardOf(h.connector.activityOf(call)));
  expect(text).toContain(`Inside the blackout "Spring exams", expedited because: ${reason}`);
});

test('reschedule into the blackout is refused with its name; the window stays as it was', async () => {
  const created = await createChange(h, { startDate: '2026-04-22', endDate: '2026-04-22' });
  const before = await h.change(created.id);
  const answer = await h.press(implementer, 'reschedule', {
    changeId: created.id,
    revision: before.revision,
    startDate: '2026-04-16',
    startTime: '18:00',
    endDate: '2026-04-16',
    endTime: '20:00',
    expedited: 'false',
  });
  const text = visibleText(answeredCard(answer));
  expect(text).toContain('The window touches the blackout "Spring exams');
  expect((await h.change(created.id)).window).toEqual(before.window);
});
