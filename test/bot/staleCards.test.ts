import { isPost, type ConnectorCall } from '../support/connector';
import { buttonData, cardOf, verbsOf, visibleText } from './support/cards';
import {
  answeredCard,
  answeredMessage,
  CARD_TYPE,
  createChange,
  refreshOf,
  tickAt,
  viewOf,
  type CreatedChange,
} from './support/flows';
import { approver, implementer, startHarness, type Harness } from './support/harness';

/** Milestones of the valid form's window, Wed 15 Apr 2026 18:00–20:00 Zurich. */
const PREPARATION_DUE = new Date('2026-03-25T17:00:00.000Z');
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
  created = await createChange(h);
});
afterEach(async () => {
  await h.stop();
});

/** A post with this button, or the shared view of the card (`notice`) that has it for the people who act. */
async function postedCardWith(verb: string, notice?: string): Promise<ConnectorCall> {
  return h.connector.waitFor(`a card with a "${verb}" button`, (call) => {
    if (!isPost(call)) return false;
    const attachments = h.connector.activityOf(call).attachments;
    if (!Array.isArray(attachments)) return false;
    const card = cardOf(h.connector.activityOf(call));
    return (
      verbsOf(card).includes(verb) || (notice !== undefined && refreshOf(card)?.action.data.notice === notice)
    );
  });
}

async function pressOn(
  call: ConnectorCall,
  verb: string,
  extra: Record<string, unknown> = {},
  who = implementer,
) {
  const card = await viewOf(h, who, call, created.rootActivityId);
  return h.press(
    who,
    verb,
    { ...buttonData(card, verb), ...extra },
    {
      replyToId: call.createdActivityId!,
      rootId: created.rootActivityId,
    },
  );
}

describe('preparation checklist', () => {
  let preparation: ConnectorCall;
  beforeEach(async () => {
    await tickAt(h, PREPARATION_DUE);
    preparation = await postedCardWith('prep.check');
  });

  test('a tick is stored and the card comes back with it ticked', async () => {
    const answer = await pressOn(preparation, 'prep.check');

    expect(answer.body.type).toBe(CARD_TYPE);
    expect(visibleText(answeredCard(answer))).toContain('☑');
    expect(visibleText(cardOf(h.connector.activityOf(preparation)))).not.toContain('☑');
    const change = await h.change(created.id);
    expect(change.preparation.filter((item) => item.checked)).toHaveLength(1);
    expect(change.history.at(-1)).toMatchObject({
      event: 'prep.check',
      accepted: true,
      source: 'preparation',
    });
  });

  test('a toggle (no explicit state) from an old card is refused as stale, with the current state shown', async () => {
    const item = String(buttonData(cardOf(h.connector.activityOf(preparation)), 'prep.check').item);
    await pressOn(preparation, 'prep.check', { checked: true });
    const before = await h.change(created.id);

    const answer = await h.press(
      implementer,
      'prep.check',
      { changeId: created.id, revision: before.revision - 1, item },
      { replyToId: preparation.createdActivityId!, rootId: created.rootActivityId },
    );

    const text = visibleText(answeredCard(answer));
    expect(text).toContain('out of date');
    expect(text).toContain(created.id);
    const after = await h.change(created.id);
    expect(after.revision).toBe(before.revision);
    expect(after.preparation.find((candidate) => candidate.id === item)?.checked).toBe(true);
    expect(after.history.at(-1)).toMatchObject({ event: 'prep.check', accepted: false });
  });

  test('the same explicit tick pressed twice from the old card is answered "already ticked", not applied twice', async () => {
    await pressOn(preparation, 'prep.check');
    const before = await h.change(created.id);

    const again = await pressOn(preparation, 'prep.check');

    expect(visibleText(answeredCard(again))).toContain('already ticked');
    expect((await h.change(created.id)).revision).toBe(before.revision);
  });

  test('only the implementer may tick; anyone else gets a message and nothing changes', async () => {
    const before = await h.change(created.id);

    const answer = await pressOn(preparation, 'prep.check', {}, approver);

    expect(answeredMessage(answer)).toContain(`Only the implementer of ${created.id}`);
    expect((await h.change(created.id)).revision).toBe(before.revision);
  });
});

describe('extend during the window', () => {
  let control: ConnectorCall;
  beforeEach(async () => {
    await tickAt(h, GO_NOGO_DUE);
    const goNoGo = await postedCardWith('go');
    answeredCard(await pressOn(goNoGo, 'go', {}, approver));
    await tickAt(h, WINDOW_START);
    control = await postedCardWith('extend', 'control');
  });

  test('Extend moves the window end and the decision point', async () => {
    const before = await h.change(created.id);

    const answer = await pressOn(control, 'extend', { extraMinutes: '45' });

    expect(answer.body.type).toBe(CARD_TYPE);
    const after = await h.change(created.id);
    expect(Date.parse(after.window.end) - Date.parse(before.window.end)).toBe(45 * 60_000);
    expect(Date.parse(after.milestones.decision.due)).toBe(Date.parse(after.window.end) - 30 * 60_000);
  });

  test('Extend pressed again on the same (now old) card is stale: answered with the current state, applied once', async () => {
    // The implementer's view as it was before the first press (a second window still showing it).
    const oldView = await viewOf(h, implementer, control, created.rootActivityId);
    const pressOld = () =>
      h.press(
        implementer,
        'extend',
        { ...buttonData(oldView, 'extend'), extraMinutes: '45' },
        { replyToId: control.createdActivityId!, rootId: created.rootActivityId },
      );
    answeredCard(await pressOld());
    const once = await h.change(created.id);

    const again = await pressOld();

    const text = visibleText(answeredCard(again));
    expect(text).toContain('out of date');
    const after = await h.change(created.id);
    expect(after.window.end).toBe(once.window.end);
    expect(after.extensions).toHaveLength(1);
    expect(after.history.at(-1)).toMatchObject({ event: 'extend', accepted: false });
  });

  test('Extend with no usable number of minutes is refused with a message that says what to type', async () => {
    const before = await h.change(created.id);

    const answer = await pressOn(control, 'extend', { extraMinutes: 'a while' });

    expect(answeredMessage(answer)).toContain('whole minutes');
    expect((await h.change(created.id)).window.end).toBe(before.window.end);
  });
});
