import { button, cardButtons, cardText } from '../harness/cards';
import { noticeOf } from '../harness/notices';
import { ChangeUnderTest, VALIDATION_TESTS, soonWindow } from '../harness/changeFlow';
import { sleep } from '../harness/ports';
import { PEOPLE } from '../harness/people';
import {
  expectPostedOnceInOrder,
  mailRecipients,
  outboxMails,
  SETTLE_MS,
  shows,
  type ScenarioContext,
} from './context';

/** The ids of the validation-test toggles the Done button sends (`test-0`, `test-1`, ...). */
export function testToggles(card: Parameters<typeof cardButtons>[0]): Record<string, string> {
  const done = cardButtons(card).find((button) => button.verb === 'done');
  return Object.fromEntries(
    (done?.inputIds ?? []).filter((id) => /^test-\d+$/.test(id)).map((id) => [id, 'true']),
  );
}

/**
 * `@change new`, the form, then every milestone in order and once: preparation, pre-check, GO by the
 * approver, the announcement, the reminder, the snapshot confirmed, the start, Done with the tests passed,
 * and the end notice with their results.
 */
export async function happyPath({ env, driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Upgrade Moodle to 4.5', soonWindow);
  scope.changeId = change.id;
  expect(cardText(change.created)).toContain('Upgrade Moodle to 4.5');
  await change.waitForPost('summary', 20_000);

  const preparation = await change.waitForPost('preparation', 100_000);
  const item = cardButtons(preparation.card).find((button) => button.verb === 'prep.check');
  expect(item).toBeDefined();
  await change.pressAccepted('implementer', preparation.message, 'prep.check');

  // The approver acts from their 1:1 chat with the bot (the Activity feed), never opening the thread; the
  // thread card shows it in place.
  const precheck = await change.waitForPost('precheck', 60_000);
  const precheckCopy = await change.waitForPersonalCopy('approver', 'precheck', 30_000);
  await change.pressAccepted('approver', precheckCopy.message, 'precheck.done');
  await shows(driver, precheck.message, 'precheckRecorded');

  const goNoGo = await change.waitForPost('goNoGo', 60_000);
  expect(cardText(goNoGo.card)).toContain('GO / NOGO — Alice Approver decides');
  const goNoGoCopy = await change.waitForPersonalCopy('approver', 'goNoGo', 30_000);
  const decided = await change.pressAccepted('approver', goNoGoCopy.message, 'go');
  expect(cardText(decided)).toMatch(/GO by Alice Approver/);
  await shows(driver, goNoGo.message, 'goNoGo', /GO by Alice Approver/);
  // The GO button the thread card showed before its update: the current state, never a second GO.
  const again = await driver.execute('approver', goNoGo.message, 'go', button(goNoGo.card, 'go')!.data);
  expect(again.kind === 'card' && noticeOf(again.card)).toBe('refusal');

  const announcement = await change.waitForPost('announcement', 30_000);
  expect(cardText(announcement.card)).toContain('Upgrade Moodle to 4.5');
  // ...and e-mailed to the approver, the process audience and the people named in the form.
  const [mail] = await outboxMails(env, change.id, 'announcement');
  expect(mailRecipients(mail ?? '')).toEqual(
    expect.arrayContaining([
      PEOPLE.approver.email,
      'isc-learn-users@isc.example.org',
      'teachers@isc.example.org',
      'students@isc.example.org',
    ]),
  );
  await change.waitForPost('reminder', 60_000);

  // The implementer confirms the snapshot from their 1:1 chat.
  const snapshot = await change.waitForPost('snapshot', 60_000);
  const snapshotCopy = await change.waitForPersonalCopy('implementer', 'snapshot', 30_000);
  await change.pressAccepted('implementer', snapshotCopy.message, 'snapshot.started');
  const confirmed = await change.pressAccepted('implementer', snapshotCopy.message, 'snapshot.done');
  expect(cardText(confirmed)).toMatch(/Snapshot: Done by Ivan Implementer/);
  await shows(driver, snapshot.message, 'snapshot', /Snapshot: Done by Ivan Implementer/);

  await change.waitForPost('start', 60_000);
  const control = await change.waitForPost('control', 30_000);
  const toggles = testToggles((await change.viewOf('implementer', control.message))!);
  expect(Object.keys(toggles)).toHaveLength(VALIDATION_TESTS.length);
  await change.pressAccepted('implementer', control.message, 'done', toggles);

  const end = await change.waitForPost('end', 30_000);
  const endText = cardText(end.card);
  expect(endText).toContain(`${VALIDATION_TESTS.length} of ${VALIDATION_TESTS.length} passed`);
  for (const test of VALIDATION_TESTS) expect(endText).toContain(`☑ ${test} (passed)`);

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
  expect(await outboxMails(env, change.id, 'announcement')).toHaveLength(1);
  // Done before the decision point: no decision card.
  expect(change.postsOf('decision')).toHaveLength(0);
}
