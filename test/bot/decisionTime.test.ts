import { buttonData, cardOf, visibleText } from './support/cards';
import { answeredCard, createChange, refreshOf, tickAt } from './support/flows';
import {
  approver,
  implementer,
  secondApprover,
  startHarness,
  stranger,
  type Harness,
} from './support/harness';

/**
 * The decision card's arithmetic on the real bot: the card is drawn again, from the clock, each time Teams
 * asks for the implementer's view (the automatic refresh). Window of the valid form: 18:00–20:00 Zurich.
 */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');
const DECISION_DUE = new Date('2026-04-15T17:30:00.000Z');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  for (const person of [approver, secondApprover, implementer, stranger]) h.connector.addMember(person);
});
afterEach(async () => {
  await h.stop();
});

test('the decision card says when the service is back, and says it again from the clock at each refresh', async () => {
  const created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  await h.bot.delivery.deliver(created.id);
  const goNoGoId = (await h.change(created.id)).postedCards.find((c) => c.notice === 'goNoGo')!.activityId;
  const goNoGo = cardOf(
    h.connector.activityOf(h.connector.calls.find((c) => c.createdActivityId === goNoGoId)!),
  );
  const forApprover = answeredCard(
    await h.press(approver, refreshOf(goNoGo)!.action.verb, refreshOf(goNoGo)!.action.data, {
      replyToId: goNoGoId,
      rootId: created.rootActivityId,
      trigger: 'automatic',
    }),
  );
  answeredCard(
    await h.press(approver, 'go', buttonData(forApprover, 'go'), {
      replyToId: goNoGoId,
      rootId: created.rootActivityId,
    }),
  );
  await tickAt(h, WINDOW_START);
  await tickAt(h, DECISION_DUE);
  await h.bot.delivery.deliver(created.id);
  const decisionId = (await h.change(created.id)).postedCards.find(
    (c) => c.notice === 'decision',
  )!.activityId;
  const call = h.connector.calls.find((c) => c.createdActivityId === decisionId)!;
  const shared = cardOf(h.connector.activityOf(call));
  // Everyone's copy is drawn once: it names the time it counts from.
  expect(visibleText(shared)).toContain(
    'Incident declared at 19:30: the restore takes about 1 h (Data snapshot; never drilled), the service is back around 20:30, 30 min after the window.',
  );

  const refresh = () =>
    h.press(implementer, refreshOf(shared)!.action.verb, refreshOf(shared)!.action.data, {
      replyToId: decisionId,
      rootId: created.rootActivityId,
      trigger: 'automatic',
    });
  h.setNow(new Date('2026-04-15T17:40:00.000Z'));
  expect(visibleText(answeredCard(await refresh()))).toContain(
    'Incident now: the restore takes about 1 h (Data snapshot; never drilled), the service is back around 20:40, 40 min after the window.',
  );
  h.setNow(new Date('2026-04-15T17:52:00.000Z'));
  const later = visibleText(answeredCard(await refresh()));
  expect(later).toContain('the service is back around 20:52, 52 min after the window.');
  expect(later).toContain(
    'Extend by 30 min: the window ends at 20:30, you decide again at 20:00; an incident then has the service back around 21:00 (Data snapshot), 30 min after the extended window.',
  );
});

test('a window too short to restore in is created all the same, with a warning on the answer and the pre-check card', async () => {
  // 18:00–20:00 is 2 h; 31 min of downtime + 30 min margin + 1 h restore is 2 h 1 min.
  const created = await createChange(h, { downtime: '31' });
  const warning =
    'The window (2 h) is shorter than the downtime (31 min) + the decision margin (30 min) + the shortest restore (1 h, Data snapshot) = 2 h 1 min';
  expect(visibleText(created.card)).toContain(warning);
  expect(visibleText(cardOf(h.connector.activityOf(created.summaryCall)))).toContain(warning);
  await tickAt(h, new Date('2026-04-01T16:00:00.000Z'));
  await h.bot.delivery.deliver(created.id);
  const precheckId = (await h.change(created.id)).postedCards.find(
    (c) => c.notice === 'precheck',
  )!.activityId;
  const precheck = cardOf(
    h.connector.activityOf(h.connector.calls.find((c) => c.createdActivityId === precheckId)!),
  );
  expect(visibleText(precheck)).toContain(warning);
});

test('a window that fits exactly gets no warning', async () => {
  const created = await createChange(h, { downtime: '30' });
  expect(visibleText(created.card)).not.toContain('is shorter than the downtime');
});
