import { readFileSync } from 'node:fs';
import { cardText } from '../harness/cards';
import { ChangeUnderTest, soonWindow } from '../harness/changeFlow';
import { TWO_SERVICES_PROCESS_FILE } from '../harness/environment';
import { sleep } from '../harness/ports';
import { expectPostedOnceInOrder, SETTLE_MS, updatedSince, type ScenarioContext } from './context';

/** The process file the lifecycle run uses: ISC Learn Platform is its first service. */
const file = JSON.parse(readFileSync(TWO_SERVICES_PROCESS_FILE, 'utf8')) as {
  links: Record<string, string>;
  services: { name: string; restorePaths: { link: string }[] }[];
};
const links = file.links;
const restoreLinks = file.services[0]!.restorePaths.map((path) => path.link);

/**
 * Trouble in the window: Problem, the decision point, Extend, the decision point again (moved with the
 * window end), Declare incident, the restore guidance, Restore failed, and the hand-off to the incident
 * process.
 */
export async function troubleInTheWindow({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Upgrade PHP to 8.3', soonWindow);
  scope.changeId = change.id;
  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  await change.pressAccepted('approver', goNoGo.message, 'go');

  const control = await change.waitForPost('control', 150_000);
  const debugging = await change.pressAccepted('implementer', control.message, 'problem');
  expect(cardText(debugging)).toMatch(/debugging/i);

  // Extend from the implementer's 1:1 copy of the decision card: the thread card shows it in place.
  const decision = await change.waitForPost('decision', 90_000);
  const decisionCopy = await change.waitForPersonalCopy('implementer', 'decision', 30_000);
  const versions = decision.message.versions.length;
  await change.pressAccepted('implementer', decisionCopy.message, 'extend', { extraMinutes: '1' });
  await updatedSince(driver, decision.message, versions);
  const extension = await change.waitForPost('extension', 30_000);
  expect(cardText(extension.card)).toMatch(/extended/i);

  const decisionAgain = await change.waitForPost('decision', 120_000, decision.message);
  await change.pressAccepted('implementer', decisionAgain.message, 'incident');

  const incident = await change.waitForPost('incident', 30_000);
  const guidance = JSON.stringify(incident.card);
  expect(cardText(incident.card)).toMatch(/NAS backup/);
  expect(cardText(incident.card)).toMatch(/snapshot/i);
  for (const link of restoreLinks) expect(guidance).toContain(link);

  const incidentCopy = await change.waitForPersonalCopy('implementer', 'incident', 30_000);
  await change.pressAccepted('implementer', incidentCopy.message, 'restore.failed');
  const handoff = await change.waitForPost('handoff', 30_000);
  expect(JSON.stringify(handoff.card)).toContain(links.incidentProcess);

  await sleep(SETTLE_MS);
  const decisions = change.postsOf('decision');
  expect(decisions).toHaveLength(2);
  expectPostedOnceInOrder(change, [
    'goNoGo',
    'announcement',
    'start',
    'control',
    'extension',
    'incident',
    'handoff',
  ]);
  const order = change.posts().map((post) => post.message.messageId);
  const at = (id: string) => order.indexOf(id);
  expect(at(decision.message.messageId)).toBeLessThan(at(extension.message.messageId));
  expect(at(extension.message.messageId)).toBeLessThan(at(decisionAgain.message.messageId));
  expect(at(decisionAgain.message.messageId)).toBeLessThan(at(incident.message.messageId));
}
