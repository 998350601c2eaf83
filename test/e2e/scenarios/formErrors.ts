import { DateTime } from 'luxon';
import { button, cardText, errorBelowInput } from '../harness/cards';
import {
  describe,
  formInputs,
  openForm,
  windowFromNow,
  ZONE,
  type MaintenanceWindow,
} from '../harness/changeFlow';
import { changeIdOf, noticeOf } from '../harness/notices';
import { sleep } from '../harness/ports';
import { currentCard } from '../harness/transcript';
import type { ScenarioContext } from './context';

const TITLE = 'Form check: nothing should be created';

/** A window that starts before the lead time (60 s) but is not yet in the past. */
async function tooSoon(): Promise<MaintenanceWindow> {
  let start = DateTime.now().setZone(ZONE).startOf('minute').plus({ minutes: 1 });
  if (start.diffNow().as('seconds') < 8) {
    await sleep(start.diffNow().as('milliseconds') + 1000);
    start = start.plus({ minutes: 1 });
  }
  return { start, end: start.plus({ minutes: 2 }) };
}

/** Every wrong input of the new-change form is answered in the card, next to the field, and creates nothing. */
export async function badFormInputs({ driver, scope }: ScenarioContext): Promise<void> {
  const form = await openForm(driver);
  scope.threadId = form.message.conversationId;
  const ok = windowFromNow(600, 5);
  const past = { start: ok.start.minus({ hours: 2 }), end: ok.start.minus({ hours: 1 }) };
  const long = { start: ok.start, end: ok.start.plus({ minutes: 11 }) };
  const backwards = { start: ok.start, end: ok.start.minus({ minutes: 1 }) };

  const cases: [field: string, what: string, inputs: Record<string, string>][] = [
    ['title', 'no title', formInputs('', ok)],
    ['description', 'nothing said about what will be modified', formInputs(TITLE, ok, { description: '  ' })],
    ['startDate', 'a date not written YYYY-MM-DD', formInputs(TITLE, ok, { startDate: '26.11.2026' })],
    ['startTime', 'a time not written HH:mm', formInputs(TITLE, ok, { startTime: '9am' })],
    ['endTime', 'an end before the start', formInputs(TITLE, backwards)],
    ['startDate', 'a start in the past', formInputs(TITLE, past)],
    ['endTime', 'a window longer than maxWindow (10 min)', formInputs(TITLE, long)],
    ['downtime', 'downtime that is not minutes', formInputs(TITLE, ok, { downtime: 'about an hour' })],
    ['downtime', 'downtime longer than the window', formInputs(TITLE, ok, { downtime: '60' })],
    ['tests', 'no validation test', formInputs(TITLE, ok, { tests: '\n \n' })],
    ['rollback', 'no rollback plan', formInputs(TITLE, ok, { rollback: '' })],
    [
      'audience',
      'an audience that is not e-mail addresses',
      formInputs(TITLE, ok, { audience: 'all teachers' }),
    ],
    ['expedited', 'expedited neither true nor false', formInputs(TITLE, ok, { expedited: 'maybe' })],
    ['startDate', 'a start sooner than the lead time, not expedited', formInputs(TITLE, await tooSoon())],
  ];

  const failures: string[] = [];
  for (const [field, what, inputs] of cases) {
    const card = currentCard(form.message)!;
    const answer = await driver.press('implementer', form.message, button(card, 'change.create')!, inputs);
    if (answer.kind !== 'card') {
      failures.push(`${what}: answered with ${describe(answer)} instead of the form with the error`);
      continue;
    }
    const error = errorBelowInput(answer.card, field);
    if (noticeOf(answer.card) !== 'form' || changeIdOf(answer.card)) {
      failures.push(
        `${what}: the form was not shown again (a change was created?):\n${cardText(answer.card)}`,
      );
    } else if (!error) {
      failures.push(`${what}: no error below the "${field}" input; the card says:\n${cardText(answer.card)}`);
    }
  }
  expect(failures).toEqual([]);

  // A created change would be announced by a summary card naming it: none may have been created.
  const created = driver.transcript.botMessages((message) => {
    const first = message.versions[0]?.cards[0];
    return first !== undefined && changeIdOf(first) !== undefined && cardText(first).includes(TITLE);
  });
  expect(created).toHaveLength(0);
}
