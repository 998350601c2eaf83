/**
 * A step added as data, through the path the running bot uses: the process file read by loadProcessFile
 * with a list of steps, then startBot (restify, CloudAdapter, the JSON store) against a recording Bot
 * Connector. The sign-off step lives in test/steps/fixture (its step file, template and view); nothing in
 * src/ names it.
 */
import type { Change } from '../../src/domain/change';
import type { ProcessDefinition } from '../../src/domain/process';
import { BUILT_IN_STEPS } from '../../src/domain/steps';
import { precheckStep } from '../../src/domain/steps/precheck';
import { pressed } from '../../src/domain/steps/press';
import { verb, type Step } from '../../src/domain/steps/step';
import { cardOf, visibleText } from '../bot/support/cards';
import { answeredCard, answeredMessage, callsSince, createChange, tickAt } from '../bot/support/flows';
import { approver, implementer, startHarness, stranger, type Harness } from '../bot/support/harness';
import type { ConnectorCall } from '../support/connector';
import { zurich } from '../domain/support';
import { SIGNOFF } from './fixture/signoff.step';

const MINUTE = 60_000;
/** The shipped offsets and the sign-off's own: 3 days before the start. */
const BEFORE = { preparation: 'P21D', precheck: 'P14D', goNoGo: 'P7D', reminder: 'P1D', signoff: 'P3D' };
/** VALID_FORM's window starts Wed 15 Apr 2026, 18:00 in Zurich. */
const SIGNOFF_DUE = zurich('2026-04-12 18:00');

const withSignoff: readonly Step<ProcessDefinition>[] = [
  ...BUILT_IN_STEPS.slice(0, 4),
  SIGNOFF,
  ...BUILT_IN_STEPS.slice(4),
];

/** The posts (not updates) of the sign-off card among `calls`. */
function signoffCards(h: Harness, calls: readonly ConnectorCall[]): ConnectorCall[] {
  return calls.filter(
    (call) => call.kind !== 'update' && JSON.stringify(h.connector.activityOf(call)).includes('Sign-off:'),
  );
}

describe('a step added through loadProcessFile and startBot', () => {
  let h: Harness;
  let id: string;
  let rootId: string;

  beforeAll(async () => {
    h = await startHarness({ steps: withSignoff, processOverrides: { before: BEFORE } });
    ({ id, rootActivityId: rootId } = await createChange(h));
  });
  afterAll(() => h.stop());

  it('is planned from before.signoff in the process file', async () => {
    const change = await h.change(id);
    expect(change.milestones['signoff' as keyof Change['milestones']]).toMatchObject({
      state: 'pending',
      due: SIGNOFF_DUE.toISOString(),
    });
  });

  it('posts its own card when the scheduler ticks at its due time, not a minute before', async () => {
    await tickAt(h, new Date(SIGNOFF_DUE.getTime() - MINUTE));
    expect(signoffCards(h, h.connector.calls)).toEqual([]);
    const before = h.connector.calls.length;
    await tickAt(h, SIGNOFF_DUE);
    const posted = signoffCards(h, callsSince(h, before));
    // In the thread, and as a 1:1 copy to each approver it asks.
    expect(posted.length).toBeGreaterThanOrEqual(1);
    const thread = posted.find((call) => call.conversationId?.includes(`messageid=${rootId}`));
    expect(thread).toBeDefined();
    const text = visibleText(cardOf(h.connector.activityOf(thread!)));
    expect(text).toContain('Sign-off: Upgrade Moodle to 4.5');
    expect(text).toContain('An approver signs the plan off.');
    const change = await h.change(id);
    expect(change.history.at(-1)).toMatchObject({ event: 'milestone.signoff', accepted: true, by: 'system' });
  });

  it("handles its verb: the step's role check, then the press with a history line", async () => {
    const thread = signoffCards(h, h.connector.calls).find((call) =>
      call.conversationId?.includes(`messageid=${rootId}`),
    )!;
    const revision = (await h.change(id)).revision;
    const on = { replyToId: thread.createdActivityId!, rootId };
    const data = { changeId: id, revision, signoffNote: 'Plan read twice' };

    expect(answeredMessage(await h.press(implementer, 'signoff.given', data, on))).toMatch(
      /Only an approver \(.*Alice Approver.*\) can do this/,
    );
    expect(answeredMessage(await h.press(stranger, 'signoff.given', data, on))).toMatch(/Only an approver/);

    const card = answeredCard(await h.press(approver, 'signoff.given', data, on));
    expect(visibleText(card)).toContain('Signed off: Plan read twice');
    const change = await h.change(id);
    expect(change.revision).toBe(revision + 1);
    expect(change.history.at(-1)).toMatchObject({
      event: 'signoff.given',
      accepted: true,
      note: 'Plan read twice',
      source: 'signoff',
      by: { aadObjectId: approver.aadObjectId },
    });
    // The implementer's refusal is in the history; the stranger, who has no role on the change, is not.
    const refused = change.history.filter((line) => line.event === 'signoff.given' && !line.accepted);
    expect(refused.map((line) => (line.by === 'system' ? 'system' : line.by.name))).toEqual([
      implementer.name,
    ]);
  });
});

describe('a verb added to an existing step', () => {
  let h: Harness;

  // Only the pre-check's step changes (its template would get the button): no other file names the verb.
  const question = verb({
    type: 'precheck.question',
    role: 'approver',
    historyText: 'Question asked',
    schema: pressed,
    event: () => ({ type: 'precheck.question' }),
    handle: (change) => ({ change, effects: [], note: 'asked on the pre-check' }),
  });
  const steps = BUILT_IN_STEPS.map((step) =>
    step === precheckStep ? { ...step, verbs: [...step.verbs, question] } : step,
  );

  beforeAll(async () => {
    h = await startHarness({ steps });
  });
  afterAll(() => h.stop());

  it('is read, role-checked and handled through the running bot', async () => {
    const { id } = await createChange(h);
    const revision = (await h.change(id)).revision;
    expect(
      answeredMessage(await h.press(implementer, 'precheck.question', { changeId: id, revision })),
    ).toMatch(/Only an approver/);
    await h.press(approver, 'precheck.question', { changeId: id, revision });
    const change = await h.change(id);
    expect(change.history.at(-1)).toMatchObject({
      event: 'precheck.question',
      accepted: true,
      note: 'asked on the pre-check',
    });
  });
});
