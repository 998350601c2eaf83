import { button, cardText, inputIds } from '../harness/cards';
import { ChangeUnderTest, describe, openForm, soonWindow } from '../harness/changeFlow';
import { PEOPLE } from '../harness/people';
import { mailRecipients, outboxMails, type ScenarioContext } from './context';

const WIKI = 'ISC Wiki';

/**
 * The process file has two services: the form offers them, and a change made for the second one (ISC Wiki,
 * approver Max Member) gets that service's checklist; the first service's approver cannot GO it, its own
 * approver can, and the announcement goes to its own audience.
 */
export async function secondService({ env, driver, scope }: ScenarioContext): Promise<void> {
  const form = await openForm(driver);
  expect(inputIds(form.card)).toContain('service');
  expect(JSON.stringify(form.card)).toContain(WIKI);

  const change = await ChangeUnderTest.create(driver, 'Upgrade the wiki engine', soonWindow, {
    service: WIKI,
  });
  scope.changeId = change.id;
  expect(cardText(change.created)).toContain(WIKI);

  const preparation = await change.waitForPost('preparation', 100_000);
  expect(cardText(preparation.card)).toContain('Wiki export downloaded and opened once');

  const goNoGo = await change.waitForPost('goNoGo', 150_000);
  // Alice approves ISC Learn Platform only: her GO on the wiki change is refused, as a message.
  const ownView = (await change.viewOf('memberB', goNoGo.message))!;
  const go = button(ownView, 'go');
  if (!go)
    throw new Error(
      `${change.id}: Max Member, the wiki's approver, sees no GO button:\n${cardText(ownView)}`,
    );
  const refused = await driver.execute('approver', goNoGo.message, 'go', go.data);
  if (refused.kind === 'card' && !/approver/i.test(cardText(refused.card))) {
    throw new Error(`${change.id}: Alice's GO on the wiki change was taken: ${describe(refused)}`);
  }
  expect(refused.kind === 'message' ? refused.message : describe(refused)).toMatch(/Max Member/);

  const decided = await change.pressAccepted('memberB', goNoGo.message, 'go');
  expect(cardText(decided)).toMatch(/GO by Max Member/);

  await change.waitForPost('announcement', 30_000);
  const [mail] = await outboxMails(env, change.id, 'announcement');
  const to = mailRecipients(mail ?? '');
  expect(to).toEqual(expect.arrayContaining([PEOPLE.memberB.email, 'isc-wiki-readers@isc.example.org']));
  expect(to).not.toContain('isc-learn-users@isc.example.org');
  expect(to).not.toContain(PEOPLE.approver.email);
}
