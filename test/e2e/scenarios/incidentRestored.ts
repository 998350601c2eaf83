import { cardText } from '../harness/cards';
import { ChangeUnderTest, soonWindow } from '../harness/changeFlow';
import { updatedSince, type ScenarioContext } from './context';

/**
 * An incident declared on the control card in the channel, then Restored pressed in the implementer's 1:1
 * chat: the incident post in the channel shows it in place and the restored notice goes out.
 */
export async function incidentThenRestored({ driver, scope }: ScenarioContext): Promise<void> {
  const change = await ChangeUnderTest.create(driver, 'Migrate the quiz plugin', soonWindow);
  scope.changeId = change.id;
  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  await change.pressAccepted('approver', goNoGo.message, 'go');

  const control = await change.waitForPost('control', 150_000);
  expect(cardText(control.card)).toContain('Solved / Problem / Extend / Incident — Ivan Implementer decides');
  await change.pressAccepted('implementer', control.message, 'incident');

  const incident = await change.waitForPost('incident', 30_000);
  expect(cardText(incident.card)).toContain('Restored / Restore failed — Ivan Implementer reports');
  const copy = await change.waitForPersonalCopy('implementer', 'incident', 30_000);
  const versions = incident.message.versions.length;
  await change.pressAccepted('implementer', copy.message, 'restored');
  const shown = await updatedSince(driver, incident.message, versions);
  expect(cardText(shown)).not.toContain('[Restored]');
  await change.waitForPost('restored', 30_000);
}
