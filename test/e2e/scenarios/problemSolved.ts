import { cardText } from '../harness/cards';
import { ChangeUnderTest, VALIDATION_TESTS, soonWindow } from '../harness/changeFlow';
import type { ScenarioContext } from './context';

/**
 * Problem with the first validation test ticked, then Solved on the decision card: the ticks pressed on the
 * control card reach the decision card and the end notice lists them as pressed (not "0 of N passed").
 */
export async function problemThenSolved({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Renew the TLS certificate', soonWindow);
  scope.changeId = change.id;
  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  await change.pressAccepted('approver', goNoGo.message, 'go');

  const control = await change.waitForPost('control', 150_000);
  const ticks = Object.fromEntries(
    VALIDATION_TESTS.map((_, index) => [`test-${index}`, index === 0 ? 'true' : 'false']),
  );
  await change.pressAccepted('implementer', control.message, 'problem', ticks);

  const decision = await change.waitForPost('decision', 90_000);
  const seen = await change.viewOf('implementer', decision.message);
  expect(JSON.stringify(seen)).toContain('"id":"test-0"');
  await change.pressAccepted('implementer', decision.message, 'done', ticks);

  const end = await change.waitForPost('end', 30_000);
  const endText = cardText(end.card);
  expect(endText).toContain(`1 of ${VALIDATION_TESTS.length} passed`);
  expect(endText).toContain(`☑ ${VALIDATION_TESTS[0]} (passed)`);
  for (const test of VALIDATION_TESTS.slice(1)) expect(endText).toContain(`☐ ${test} (not confirmed)`);
}
