import { cardOf, verbsOf, visibleText } from './support/cards';
import { ask, createChange, replyTo, type CreatedChange } from './support/flows';
import {
  approver,
  BOT,
  fromOf,
  implementer,
  nextActivityId,
  startHarness,
  stranger,
  TENANT,
  type Harness,
} from './support/harness';

let h: Harness;
let created: CreatedChange;
beforeAll(async () => {
  h = await startHarness();
  created = await createChange(h);
});
afterAll(async () => {
  await h.stop();
});

async function answerTo(text: string, from = implementer): Promise<string> {
  const { card } = await ask(h, from, text);
  return visibleText(card);
}

const HELP_WORDS = ['new', 'list', 'show', 'reschedule', 'cancel', 'help'];

test.each(['help', 'HELP', 'what can you do?', 'newchange', ''])(
  '"%s" is answered with the help card',
  async (text) => {
    const shown = await answerTo(text);

    expect(shown).toContain('Change bot');
    for (const word of HELP_WORDS) expect(shown).toContain(word);
  },
);

test('"show <id>" answers with the change, its milestones and history', async () => {
  const shown = await answerTo(`show ${created.id}`);

  expect(shown).toContain(created.id);
  expect(shown).toContain('Upgrade Moodle to 4.5');
  expect(shown).toContain('History');
});

test('ids are understood in any case and without the leading zeros', async () => {
  expect(await answerTo('show chg-2026-1')).toContain('Upgrade Moodle to 4.5');
});

test('"show" of an unknown id names it and offers the close matches', async () => {
  const shown = await answerTo('show CHG-2026-002');

  expect(shown).toContain('There is no change CHG-2026-002.');
  expect(shown).toContain(`Did you mean ${created.id}?`);
});

test('"show" of an id from another year offers the change with the same number', async () => {
  expect(await answerTo('show CHG-2025-001')).toContain(`Did you mean ${created.id}?`);
});

test('"show" of something that is not near any id says how to find the changes', async () => {
  const shown = await answerTo('show the-big-one');

  expect(shown).toContain('There is no change the-big-one.');
  expect(shown).toContain('Type "list"');
});

test('"show" with no id says which form to use', async () => {
  expect(await answerTo('show')).toContain('Say which change: "show CHG-2026-007"');
});

test('"cancel" of an unknown id names it, offers close matches and cancels nothing', async () => {
  const shown = await answerTo('cancel CHG-2026-011', approver);

  expect(shown).toContain('There is no change CHG-2026-011.');
  expect(shown).toContain(`Did you mean ${created.id}?`);
  expect((await h.change(created.id)).status).toBe('planned');
});

test('"cancel" by someone who is neither the implementer nor an approver is refused', async () => {
  const before = await h.change(created.id);
  const shown = await answerTo(`cancel ${created.id}`, stranger);

  expect(shown).toContain(`Only the implementer (${implementer.name}) or an approver`);
  const change = await h.change(created.id);
  expect(change.status).toBe('planned');
  // No role on the change: logged, not stored.
  expect(change.history).toEqual(before.history);
  expect(h.logs.map((line) => line.message)).toContain('press refused: not allowed for this person');
});

test('"list" shows the upcoming changes', async () => {
  const shown = await answerTo('list');

  expect(shown).toContain(created.id);
  expect(shown).toContain('Upgrade Moodle to 4.5');
  // Its next milestone and when: the preparation, D-21 of Wed 15 Apr at 18:00 Zurich.
  expect(shown).toContain('Next: Preparation, Wed 25 Mar 2026, 18:00');
});

test('"reschedule <id>" answers with the window form of that change', async () => {
  const { card } = await ask(h, implementer, `reschedule ${created.id}`);

  expect(verbsOf(card)).toEqual(['reschedule']);
  expect(visibleText(card)).toContain(created.id);
});

test('a command in a personal chat (no mention) is answered in that chat', async () => {
  const id = nextActivityId();
  const conversation = { id: 'a:personal-chat-ines', conversationType: 'personal', tenantId: TENANT };

  const { status } = await h.post({
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: fromOf(implementer),
    recipient: { ...BOT },
    conversation,
    channelData: { tenant: { id: TENANT } },
    text: 'list',
  });

  expect(status).toBe(200);
  const reply = await replyTo(h, id);
  expect(reply.conversationId).toBe(conversation.id);
  expect(visibleText(cardOf(h.connector.activityOf(reply)))).toContain(created.id);
});

test('"cancel <id> <reason>" by the implementer cancels the change and keeps the reason', async () => {
  const other = await createChange(h, {
    title: 'To be cancelled',
    startDate: '2026-05-06',
    endDate: '2026-05-06',
  });

  const shown = await answerTo(`cancel ${other.id} the vendor moved the release`);

  expect(shown).toContain(other.id);
  const change = await h.change(other.id);
  expect(change.status).toBe('cancelled');
  expect(change.cancelReason).toBe('the vendor moved the release');
});
