import { button, cardText } from '../harness/cards';
import { ChangeUnderTest, describe, soonWindow } from '../harness/changeFlow';
import { sleep } from '../harness/ports';
import { currentCard } from '../harness/transcript';
import { SETTLE_MS, type ScenarioContext } from './context';

/**
 * A colleague who is not an approver presses GO (and NOGO): a clear refusal, and the card stays exactly as
 * it was for everyone; the approver's GO on that same card then works.
 */
export async function nonApproverRefused({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Renew the TLS certificate', soonWindow);
  scope.changeId = change.id;
  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  const before = JSON.stringify(currentCard(goNoGo.message));
  const versionsBefore = goNoGo.message.versions.length;

  // The approver's own view (one refresh round trip: the fast process leaves seconds before D-1).
  const approverView = (await change.viewOf('approver', goNoGo.message))!;
  for (const [who, verb, inputs] of [
    ['nonApprover', 'go', {}],
    ['memberA', 'nogo', { reason: 'I do not like Thursdays' }],
  ] as const) {
    // Where the card is an approver-only view, the colleague sees no button: they press with the data of
    // the approver's view, which the server must refuse just the same.
    const own = await change.viewOf(who, goNoGo.message);
    const pressed = (own && button(own, verb)) ?? button(approverView, verb);
    if (!pressed)
      throw new Error(`${change.id}: no "${verb}" button on the GO/NOGO card, not even for the approver`);
    const answer = await driver.execute(who, goNoGo.message, verb, { ...pressed.data, ...inputs });
    // A card in the answer would replace the GO card in the client: the refusal must come as a message.
    if (answer.kind === 'card') {
      throw new Error(
        `${who}'s ${verb} was answered with a card, which replaces the GO card: ${describe(answer)}`,
      );
    }
    expect(answer.kind === 'message' ? answer.message : answer.body).toMatch(/approver/i);
  }

  // The GO must come before the fast process blocks the change (seconds away): the card is checked now, and
  // again once things settled, when any update from the refused presses would have come long before the GO's.
  expect(goNoGo.message.versions).toHaveLength(versionsBefore);
  expect(JSON.stringify(currentCard(goNoGo.message))).toBe(before);
  expect(change.postsOf('announcement')).toHaveLength(0);

  // Refused presses leave the revision as it was: the approver's view is still current.
  const go = await driver.press('approver', goNoGo.message, button(approverView, 'go')!);
  if (go.kind !== 'card')
    throw new Error(`${change.id}: the approver's GO was answered with ${describe(go)}`);
  const decided = go.card;
  expect(cardText(decided)).toMatch(/GO by Alice Approver/);
  await change.waitForPost('announcement', 30_000);
  await sleep(SETTLE_MS);
  // Only the GO changed the card: its answer and one update in place, in either order (both Playground
  // streams report the update, so it may be recorded again after the answer: the same card).
  const since = goNoGo.message.versions.slice(versionsBefore);
  expect(since.filter((version) => version.source === 'invoke')).toHaveLength(1);
  const updates = since.filter((version) => version.source === 'update');
  expect(new Set(updates.map((version) => JSON.stringify(version.cards))).size).toBeLessThanOrEqual(1);
  expect(change.postsOf('decisionRecorded')).toHaveLength(0);
}
