import { cardText } from '../harness/cards';
import { ChangeUnderTest, soonWindow, windowInputs } from '../harness/changeFlow';
import { noticeOf } from '../harness/notices';
import type { ScenarioContext } from './context';

const REASON = 'The nightly NAS backup failed; fix it before touching Hannibal.';

/** NOGO with a reason, the implementer told why, a reschedule (milestones recomputed), then GO. */
export async function nogoThenReschedule({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Move backups to the new NAS', soonWindow);
  scope.changeId = change.id;

  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  const withoutReason = await change.press('approver', goNoGo.message, 'nogo', { reason: '' });
  expect(withoutReason.kind === 'card' && noticeOf(withoutReason.card) !== 'refusal').toBe(false);

  await change.pressAccepted('approver', goNoGo.message, 'nogo', { reason: REASON });
  const told = await change.waitForPost('decisionRecorded', 30_000);
  const toldText = cardText(told.card);
  expect(toldText).toMatch(/NOGO/);
  expect(toldText).toContain(REASON);
  expect(change.postsOf('announcement')).toHaveLength(0);

  const later = soonWindow();
  await change.pressAccepted('implementer', told.message, 'reschedule', windowInputs(later));

  // All milestones recomputed for the new window: a new GO / NOGO card comes, and GO announces it.
  const again = await change.waitForPost('goNoGo', 150_000, told.message);
  expect(cardText(again.card)).toContain(later.start.toFormat('HH:mm'));
  await change.pressAccepted('approver', again.message, 'go');
  const announcement = await change.waitForPost('announcement', 30_000);
  expect(cardText(announcement.card)).toContain(later.start.toFormat('HH:mm'));
  expect(change.postsOf('announcement')).toHaveLength(1);
}
