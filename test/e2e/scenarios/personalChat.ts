import { cardText } from '../harness/cards';
import { ChangeUnderTest, soonWindow } from '../harness/changeFlow';
import { TEAM } from '../harness/people';
import type { ScenarioContext } from './context';

/** The Playground's personal chat between the keyboard user (the implementer) and the bot. */
const PERSONAL_CHAT = 'e2e-personal-chat';

/**
 * `@change new` in the implementer's personal chat: the form is answered there, but the change's thread
 * and its notices land in the team channel, where the approver GOes it.
 */
export async function createdInPersonalChat({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Rotate the LTI keys', soonWindow, {}, PERSONAL_CHAT);
  scope.changeId = change.id;
  const summary = await change.waitForPost('summary', 20_000);
  expect(summary.message.conversationId.split(';messageid=')[0]).toBe(TEAM.id);

  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  expect(goNoGo.message.conversationId.split(';messageid=')[0]).toBe(TEAM.id);
  const decided = await change.pressAccepted('approver', goNoGo.message, 'go');
  expect(cardText(decided)).toMatch(/GO by Alice Approver/);
  await change.waitForPost('announcement', 30_000);
}
