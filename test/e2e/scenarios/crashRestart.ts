import { button, cardText, verbs } from '../harness/cards';
import { ChangeUnderTest, soonWindow } from '../harness/changeFlow';
import { sleep } from '../harness/ports';
import { testToggles } from './happyPath';
import {
  expectPostedOnceInOrder,
  outboxMails,
  SETTLE_MS,
  waitForQuiet,
  type ScenarioContext,
} from './context';

/**
 * The bot is killed with SIGKILL after GO and started again on the same DATA_DIR, with ticks missed in
 * between: nothing is lost (the rest of the milestones come, buttons on cards posted before the crash
 * still work) and nothing is repeated (no second announcement, no milestone twice).
 */
export async function crashAndRestart({ env, driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Move Moodle data to the new disk', soonWindow);
  scope.changeId = change.id;
  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  // The approver's own view of the card (the one posted may be read-only for everyone else).
  const approverView = (await change.viewOf('approver', goNoGo.message))!;
  await change.pressAccepted('approver', goNoGo.message, 'go');
  await change.waitForPost('announcement', 30_000);

  // Not in the middle of a post: between a post and its record a crash may repeat it, which the bot
  // documents as the one way to a duplicate. So nobody presses meanwhile, nothing was posted for a while,
  // and the kill lands half-way between two ticks (they come on the second).
  await driver.exclusive(async () => {
    await waitForQuiet(driver, 800, 10_000);
    await sleep(1500 - (Date.now() % 1000));
    driver.transcript.note(`e2e: SIGKILL the bot (${change.id} announced, reminder pending)`);
    await env.bot.restart(3000);
    driver.transcript.note('e2e: bot restarted on the same DATA_DIR');
  });

  // The GO press repeated (as a double click or a retry would send it again) after the crash: answered,
  // not applied twice.
  const firstGo = button(approverView, 'go')!;
  const repeated = await driver.press('approver', goNoGo.message, firstGo);
  if (repeated.kind !== 'card') {
    throw new Error(
      `The repeated GO was answered with ${JSON.stringify(repeated).slice(0, 300)}, not a card`,
    );
  }
  // Answered with the decision already taken, and no GO button to press again.
  expect(cardText(repeated.card)).toMatch(/already decided GO/);
  expect(verbs(repeated.card)).not.toContain('go');

  await change.waitForPost('reminder', 90_000);
  const snapshot = await change.waitForPost('snapshot', 60_000);
  await change.pressAccepted('implementer', snapshot.message, 'snapshot.done');
  await change.waitForPost('start', 60_000);
  const control = await change.waitForPost('control', 30_000);
  await change.pressAccepted(
    'implementer',
    control.message,
    'done',
    testToggles((await change.viewOf('implementer', control.message))!),
  );
  await change.waitForPost('end', 30_000);

  await sleep(SETTLE_MS);
  expectPostedOnceInOrder(change, [
    'summary',
    'preparation',
    'precheck',
    'goNoGo',
    'announcement',
    'reminder',
    'snapshot',
    'start',
    'end',
  ]);
  expect(change.postsOf('control')).toHaveLength(1);
  // The mails go through the same outbox: each one once, across the crash too.
  for (const notice of ['announcement', 'reminder', 'start', 'end']) {
    expect({ notice, mails: (await outboxMails(env, change.id, notice)).length }).toEqual({
      notice,
      mails: 1,
    });
  }
}
