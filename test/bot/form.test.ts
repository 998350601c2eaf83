import { cardOf, inputValues, renderedHtml, verbsOf, visibleText } from './support/cards';
import { answeredCard, ask, createChange, VALID_FORM } from './support/flows';
import { implementer, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Fields the form shows in text inputs, which must come back exactly as typed. */
const TEXT_FIELDS = [
  'title',
  'description',
  'startDate',
  'startTime',
  'endDate',
  'endTime',
  'tests',
  'rollback',
  'audience',
];

interface FormErrorCase {
  what: string;
  values: Record<string, string>;
  /** The text shown on the card (as the reader sees it). */
  shows: string;
}

const CASES: FormErrorCase[] = [
  { what: 'no title', values: { title: '  ' }, shows: 'Title is required.' },
  {
    what: 'a title over 120 characters',
    values: { title: 'x'.repeat(121) },
    shows: 'Title is too long (121 characters; at most 120)',
  },
  { what: 'no description', values: { description: '' }, shows: 'What will be modified is required.' },
  { what: 'no rollback plan', values: { rollback: '' }, shows: 'Rollback plan is required.' },
  { what: 'no validation test', values: { tests: '\n \n' }, shows: 'List at least one validation test' },
  {
    what: 'a bad audience address',
    values: { audience: 'teachers@test.example.org, not-an-address' },
    shows: '"not-an-address" is not an e-mail address',
  },
  {
    what: 'expedited neither true nor false',
    values: { expedited: 'maybe' },
    shows: 'Expedited must be "true" or "false" (you sent "maybe")',
  },
  {
    what: 'a start date not in YYYY-MM-DD',
    values: { startDate: '15.04.2026' },
    shows: 'Start date is required as YYYY-MM-DD (you entered "15.04.2026")',
  },
  {
    what: 'a start time not in HH:mm',
    values: { startTime: '6pm' },
    shows: 'Start time is required as HH:mm, 24-hour (you entered "6pm")',
  },
  {
    what: 'an end date that does not exist',
    values: { endDate: '2026-02-30' },
    shows: 'End 2026-02-30 20:00 is not a real date and time.',
  },
  {
    what: 'a start time in the spring DST gap',
    values: { startDate: '2026-03-29', startTime: '02:30', endDate: '2026-03-29', endTime: '04:00' },
    shows: 'does not exist in Europe/Zurich',
  },
  { what: 'an end before the start', values: { endTime: '17:00' }, shows: 'End must be after start' },
  {
    what: 'a start in the past',
    values: { startDate: '2026-02-02', endDate: '2026-02-02' },
    shows: 'is in the past',
  },
  {
    what: 'a window longer than the process allows',
    values: { endDate: '2026-04-16', endTime: '18:00' },
    shows: 'longer than the 12 h the process allows',
  },
  {
    what: 'a start sooner than the lead time',
    values: { startDate: '2026-03-10', endDate: '2026-03-10' },
    shows: 'the earliest allowed start is',
  },
  {
    what: 'downtime not in minutes',
    values: { downtime: 'an hour' },
    shows: 'Downtime is required in whole minutes',
  },
  {
    what: 'downtime longer than the window',
    values: { downtime: '500' },
    shows: 'Downtime 500 min is longer than the window (120 min)',
  },
];

test.each(CASES)(
  '$what: the form comes back with the error and what was typed',
  async ({ values, shows }) => {
    const typed = { ...VALID_FORM, ...values };

    const answer = await h.press(implementer, 'change.create', typed);

    const card = answeredCard(answer);
    expect(verbsOf(card)).toEqual(['change.create']);
    expect(visibleText(card)).toContain(shows);
    expect(visibleText(card)).toContain('The request was not created');
    const kept = inputValues(card);
    for (const field of TEXT_FIELDS)
      expect({ field, value: kept[field] }).toEqual({ field, value: typed[field] });
    if (/^\d+$/.test(typed.downtime!)) expect(kept.downtime).toBe(Number(typed.downtime));
    expect(h.store.ids()).toEqual([]);
    expect(h.connector.calls.filter((call) => call.kind === 'createConversation')).toEqual([]);
  },
);

test('a start sooner than the lead time also says to tick Expedited', async () => {
  const answer = await h.press(implementer, 'change.create', {
    ...VALID_FORM,
    startDate: '2026-03-10',
    endDate: '2026-03-10',
  });

  const text = visibleText(answeredCard(answer));
  expect(text).toContain('Expedited');
  expect(text).toContain('Mon 23 Mar 2026');
});

describe('typed text that Teams or the templating would interpret reaches the cards as plain text', () => {
  const INJECTIONS = [
    { form: 'a markdown link', title: 'Fix [x](https://evil.example) now' },
    { form: 'a Teams date function', title: 'Patch on {{DATE(2026-01-01T00:00:00Z)}}' },
    { form: 'a templating expression', title: 'Upgrade ${title} and ${$root.changeId}' },
  ];

  test.each(INJECTIONS)('$form in the title', async ({ title }) => {
    const { id, card, summaryCall } = await createChange(h, { title });

    const posted = cardOf(h.connector.activityOf(summaryCall));
    for (const shown of [card, posted]) {
      expect(visibleText(shown)).toContain(title);
      expect(renderedHtml(shown)).not.toMatch(/<a\s|href=/);
      const json = JSON.stringify(shown);
      expect(json).not.toContain('{{DATE(');
      expect(json).not.toContain('${');
    }
    expect((await h.change(id)).title).toBe(title);
  });

  test('a refused form keeps the typed title, and submitting it again stores exactly what was typed', async () => {
    const title = 'Upgrade ${title} [x](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}}';
    const refused = answeredCard(
      await h.press(implementer, 'change.create', { ...VALID_FORM, title, rollback: '' }),
    );
    const keptTitle = String(inputValues(refused).title);
    expect(JSON.stringify(refused)).not.toContain('${');

    // Teams sends back what the input holds.
    const { id } = await createChange(h, { title: keptTitle });

    expect((await h.change(id)).title).toBe(title);
  });
});

test('the form from "@Change new" is the one Create answers with on an error', async () => {
  const { card } = await ask(h, implementer, 'new');
  const refused = answeredCard(await h.press(implementer, 'change.create', { ...VALID_FORM, title: '' }));

  expect(Object.keys(inputValues(refused)).sort()).toEqual(Object.keys(inputValues(card)).sort());
});
