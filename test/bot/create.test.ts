import { cardOf, inputValues, verbsOf, visibleText } from './support/cards';
import { answeredCard, ask, createChange, VALID_FORM } from './support/flows';
import { CHANNEL, implementer, startHarness, TENANT, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

test('"@Change new" in a channel answers in the thread with the empty request form', async () => {
  const { card, call, rootId } = await ask(h, implementer, 'new');

  expect(call.kind).toBe('reply');
  expect(call.conversationId).toBe(`${CHANNEL};messageid=${rootId}`);
  expect(call.authorization).toBeUndefined();
  expect(verbsOf(card)).toEqual(['change.create']);
  expect(Object.keys(inputValues(card)).sort()).toEqual(
    [...Object.keys(VALID_FORM), 'expeditedReason'].sort(),
  );
  expect(inputValues(card).title).toBe('');
});

test('Create answers with the summary card, then posts the summary in the channel as a new thread', async () => {
  const created = await createChange(h);

  expect(created.id).toBe('CHG-2026-001');
  expect(visibleText(created.card)).toContain(VALID_FORM.title);
  const parameters = created.summaryCall.body as {
    isGroup?: boolean;
    channelData?: { channel?: { id?: string } };
    tenantId?: string;
    activity?: Record<string, unknown>;
  };
  expect(parameters.channelData?.channel?.id).toBe(CHANNEL);
  expect(parameters.isGroup).toBe(true);
  expect(parameters.tenantId).toBe(TENANT);
  const posted = cardOf(parameters.activity!);
  expect(visibleText(posted)).toContain('CHG-2026-001');
  expect(visibleText(posted)).toContain(VALID_FORM.title);
  // Card only, no text beside it: Teams can then update it in place.
  expect(parameters.activity!.text).toBeUndefined();

  const change = await h.change(created.id);
  expect(change.implementer.aadObjectId).toBe(implementer.aadObjectId);
  expect(change.thread).toEqual({
    conversationKey: `channel:${CHANNEL}`,
    rootActivityId: created.rootActivityId,
  });
  expect(change.outbox.find((entry) => entry.effect.notice === 'created')?.state).toBe('sent');
});

test('ids count up within the year', async () => {
  const first = await createChange(h);
  const second = await createChange(h, {
    title: 'Second change',
    startDate: '2026-04-22',
    endDate: '2026-04-22',
  });

  expect([first.id, second.id]).toEqual(['CHG-2026-001', 'CHG-2026-002']);
});

test('a Create press that comes in without the thread still creates the change', async () => {
  const answer = await h.press(implementer, 'change.create', VALID_FORM);

  expect(visibleText(answeredCard(answer))).toContain('CHG-2026-001');
});

test('the implementer is stored with the e-mail address Teams gives for them, so owner mails reach them', async () => {
  h.connector.addMember({
    id: implementer.id,
    name: implementer.name,
    aadObjectId: implementer.aadObjectId,
    email: implementer.email,
  });
  const created = await createChange(h);
  expect((await h.change(created.id)).implementer).toEqual({
    aadObjectId: implementer.aadObjectId,
    name: implementer.name,
    email: implementer.email,
  });
});

test('a roster that does not know the implementer leaves the address out and still creates the change', async () => {
  const created = await createChange(h);
  const stored = await h.change(created.id);
  expect(stored.implementer.aadObjectId).toBe(implementer.aadObjectId);
  expect(stored.implementer.email).toBeUndefined();
});
