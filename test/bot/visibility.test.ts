/**
 * Who may see and create a change, through the real bot (restify, CloudAdapter, JSON store) and the recording
 * connector as Teams' roster: a person outside the service's team who writes to the bot in a personal chat
 * gets a polite refusal for `show`, a card's refresh and Create; the team's members, the implementer and the
 * approvers go on as before. One person can create a bounded number of changes a day, and cause a bounded
 * number of 1:1 notices to another person an hour.
 */
import type { Json } from './support/harness';
import { cardOf, visibleText } from './support/cards';
import { answeredCard, createChange, tickAt, VALID_FORM } from './support/flows';
import {
  approver,
  BOT,
  fromOf,
  implementer,
  nextActivityId,
  secondApprover,
  startHarness,
  TENANT,
  type Harness,
  type Person,
} from './support/harness';

/** Someone in the tenant who is not in the service's team: the roster does not know them. */
const outsider: Person = {
  id: '29:outsider-olga',
  aadObjectId: 'dddddddd-1111-4000-8000-000000000001',
  name: 'Olga Outsider',
  email: 'olga.outsider@test.example.org',
};
/** A member of the team (the roster knows them) who is neither implementer nor approver. */
const member: Person = {
  id: '29:member-marc',
  aadObjectId: 'eeeeeeee-1111-4000-8000-000000000001',
  name: 'Marc Member',
  email: 'marc.member@test.example.org',
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.connector.addMember(member);
});
afterEach(async () => {
  await h.stop();
});

function personal(from: Person): Json {
  return {
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: fromOf(from),
    recipient: { ...BOT },
    conversation: { id: `a:chat-${from.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  };
}

/** A command typed in the person's 1:1 chat with the bot; the card the bot answered there. */
async function sayInPersonalChat(from: Person, text: string): Promise<string> {
  const id = nextActivityId();
  const { status } = await h.post({ ...personal(from), type: 'message', id, text });
  expect(status).toBe(200);
  const reply = await h.connector.waitFor(
    `the answer to ${text} from ${from.name}`,
    (call) =>
      call.conversationId === `a:chat-${from.aadObjectId}` && call.kind === 'reply' && call.activityId === id,
  );
  return visibleText(cardOf(h.connector.activityOf(reply)));
}

async function pressInPersonalChat(from: Person, verb: string, data: Json, trigger = 'manual') {
  const { status, body } = await h.post({
    ...personal(from),
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextActivityId(),
    replyToId: 'a-card-in-the-chat',
    value: { action: { type: 'Action.Execute', verb, data }, trigger },
  });
  return { status, body: body as { statusCode: number; type: string; value: unknown } };
}

test('show: a person outside the team is refused politely; members, implementer and approvers see it', async () => {
  const created = await createChange(h);
  const description = VALID_FORM.description!;

  const refused = await sayInPersonalChat(outsider, `show ${created.id}`);
  expect(refused).toContain('member of its service’s team channel');
  expect(refused).not.toContain(description);
  expect(refused).not.toContain(VALID_FORM.title!);
  const reschedule = await sayInPersonalChat(outsider, `reschedule ${created.id}`);
  expect(reschedule).not.toContain(VALID_FORM.title!);

  for (const person of [member, implementer, approver, secondApprover]) {
    expect(await sayInPersonalChat(person, `show ${created.id}`)).toContain(description);
  }
  // The roster was asked about the people who are not the change's own (the member, the outsider), once each.
  const lookups = h.connector.calls.filter(
    (call) => call.method === 'GET' && call.path.includes('/members/'),
  );
  const asked = (person: Person) =>
    h.connector.calls.filter(
      (call) =>
        call.method === 'GET' &&
        call.path.includes('/members/') &&
        decodeURIComponent(call.path).endsWith(person.id),
    );
  expect(lookups.length).toBeGreaterThanOrEqual(2);
  expect(asked(member)).toHaveLength(1);
  await sayInPersonalChat(member, `show ${created.id}`);
  expect(asked(member)).toHaveLength(1); // cached
});

test('card refresh: a person outside the team gets a card that shows nothing of the change', async () => {
  const created = await createChange(h);
  const answer = await pressInPersonalChat(
    outsider,
    'card.refresh',
    { changeId: created.id, notice: 'goNoGo' },
    'automatic',
  );
  const card = visibleText(answeredCard(answer));
  expect(card).toContain('member of its service’s team channel');
  expect(card).not.toContain(VALID_FORM.title!);
});

test('create: refused for a person outside the team in a personal chat, nothing is stored', async () => {
  // The bot knows the team channel (someone mentioned it there), so a change made in a chat would live there.
  expect((await h.say(implementer, 'help')).status).toBe(200);
  const before = h.store.ids().length;

  const answer = await pressInPersonalChat(outsider, 'change.create', VALID_FORM);
  const card = visibleText(answeredCard(answer));
  expect(card).toContain('made by the members of its team channel and its approvers');
  expect(h.store.ids()).toHaveLength(before);

  // A member of the team may, from the same kind of chat.
  const allowed = visibleText(answeredCard(await pressInPersonalChat(member, 'change.create', VALID_FORM)));
  expect(allowed).toMatch(/CHG-2026-\d{3}/);
  expect(h.store.ids()).toHaveLength(before + 1);
});

test('one person creates at most 10 changes a day; the 11th is refused with when to try again', async () => {
  for (let n = 0; n < 10; n++) await createChange(h, { title: `Change number ${n}` });
  const form = await h.press(implementer, 'change.create', { ...VALID_FORM, title: 'One too many' });
  const card = visibleText(answeredCard(form));
  expect(card).toContain('You created 10 changes in the last 24 hours');
  expect(h.store.ids()).toHaveLength(10);
  // Someone else still can.
  await createChange(h, { title: 'By another member' }, member);
  expect(h.store.ids()).toHaveLength(11);
});

test('expedited changes by one person do not flood an approver with 1:1 notices', async () => {
  // Six expedited changes three days ahead: their precheck and GO/NOGO steps are due at once.
  for (let n = 0; n < 6; n++) {
    await createChange(
      h,
      {
        title: `Urgent fix ${n}`,
        startDate: '2026-03-05',
        endDate: '2026-03-05',
        expedited: 'true',
        expeditedReason: 'A security fix that cannot wait for the lead time.',
      },
      member,
    );
  }
  await tickAt(h, new Date(h.now().getTime() + 60_000));
  for (const id of h.store.ids()) await h.bot.delivery.deliver(id);
  const toApprover = h.connector.calls.filter(
    (call) =>
      call.kind === 'createConversation' &&
      Array.isArray(call.body.members) &&
      [approver.id, approver.aadObjectId].includes((call.body.members as { id: string }[])[0]!.id),
  );
  expect(toApprover.length).toBeGreaterThan(0);
  expect(toApprover.length).toBeLessThanOrEqual(4);
  // Every notice is still in its change's thread in the channel.
  const outbox = (await Promise.all(h.store.ids().map((id) => h.change(id)))).flatMap(
    (change) => change.outbox,
  );
  expect(
    outbox.filter((entry) => entry.effect.to.kind === 'personal' && entry.state === 'sent').length,
  ).toBeGreaterThan(4);
});
