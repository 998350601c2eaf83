import {
  FORM_FIELDS,
  formCard,
  helpCard,
  listCard,
  refusalCard,
  rescheduleCard,
  showCard,
} from '../../src/cards';
import type { ChangeSummary } from '../../src/domain/summary';
import { objectsOf } from './validate';
import { NOW, change, inputs, process, seen, verbs } from './support';

/** The TextBlock that follows an input in its container: where a server-side error shows. */
function textAfterInput(json: unknown, id: string): string | undefined {
  for (const container of objectsOf(json)) {
    const items = (container.items ?? container.body) as Record<string, unknown>[] | undefined;
    if (!Array.isArray(items)) continue;
    const index = items.findIndex((item) => item.id === id);
    if (index >= 0)
      return items[index + 1]?.type === 'TextBlock' ? String(items[index + 1]?.text) : undefined;
  }
  return undefined;
}

describe('the new-change form', () => {
  it('has exactly the contract input ids and submits with change.create', () => {
    const json = formCard(process);
    expect(Object.keys(inputs(json)).sort()).toEqual([...FORM_FIELDS].sort());
    expect(verbs(json)).toEqual(['change.create']);
    expect(inputs(json).expedited).toMatchObject({ valueOn: 'true', valueOff: 'false', value: 'false' });
    expect(seen(json)).toContain('Times are local to Europe/Zurich');
  });

  it('keeps what the user typed after an error, as typed (no markdown escaping in inputs)', () => {
    const json = formCard(process, {
      title: '**My** change [x](y)',
      startDate: '2026-12-19',
      startTime: '18:00',
      downtime: '45',
      tests: 'one\ntwo',
      expedited: 'true',
    });
    const fields = inputs(json);
    expect(fields.title?.value).toBe('**My** change [x](y)');
    expect(fields.startDate?.value).toBe('2026-12-19');
    expect(fields.startTime?.value).toBe('18:00');
    expect(fields.downtime?.value).toBe(45);
    expect(fields.tests?.value).toBe('one\ntwo');
    expect(fields.expedited?.value).toBe('true');
  });

  it('shows each server-side error right below its field, and a summary on top', () => {
    const json = formCard(
      process,
      { title: 'x' },
      { endTime: 'The end must be after the start.', form: 'Try again' },
    );
    expect(textAfterInput(json, 'endTime')).toBe('The end must be after the start.');
    expect(textAfterInput(json, 'title')).toBeUndefined();
    expect(seen(json)).toContain('The request was not created.');
    expect(seen(json)).toContain('Try again');
  });

  it('after a lead-time refusal, gives the earliest allowed start and offers Expedited', () => {
    const json = formCard(process, {}, {}, { earliestStart: new Date('2027-01-09T17:00:00.000Z') });
    expect(seen(json)).toContain('the earliest allowed start is Sat 9 Jan 2027, 18:00 (Europe/Zurich)');
    expect(seen(json)).toContain('tick Expedited');
  });

  it('keeps a typed ${...} as text, and it is submitted back unchanged once unescaped', () => {
    const json = formCard(process, { title: 'cost ${x}' });
    expect(JSON.stringify(json)).not.toContain('${');
    expect(String(inputs(json).title?.value).replace(/\u2060/g, '')).toBe('cost ${x}');
  });
});

describe('reschedule', () => {
  it('prefills the current window and carries the change id and revision', () => {
    const subject = change({ status: 'rejected' });
    const json = rescheduleCard(subject, process, { now: NOW });
    expect(verbs(json)).toEqual(['reschedule']);
    expect(Object.keys(inputs(json)).sort()).toEqual([
      'endDate',
      'endTime',
      'expedited',
      'expeditedReason',
      'startDate',
      'startTime',
    ]);
    expect(inputs(json).startTime?.value).toBe('18:00');
    expect(JSON.stringify(json)).toContain('"changeId":"CHG-2026-014","revision":7');
  });
});

describe('show', () => {
  it('gives every milestone with its local date and state, and the history', () => {
    const subject = change({
      history: [
        {
          at: '2026-11-20T09:00:00.000Z',
          by: 'system',
          event: 'milestone.preparation',
          accepted: true,
          revision: 2,
        },
        {
          at: '2026-11-21T09:00:00.000Z',
          by: { aadObjectId: 'x', name: 'Sam' },
          event: 'go',
          accepted: false,
          revision: 2,
          note: 'Only the approver can press GO.',
        },
      ],
    });
    const text = seen(showCard(subject, process, { now: NOW }));
    expect(text).toContain('Milestones (Europe/Zurich)');
    expect(text).toContain('Preparation: Sat 28 Nov 2026, 18:00, pending');
    expect(text).toContain('GO / NOGO: Sat 12 Dec 2026, 18:00, pending');
    expect(text).toContain('Data snapshot: Sat 19 Dec 2026, 15:15, pending');
    expect(text).toContain('Decision point: Sat 19 Dec 2026, 21:30, pending');
    expect(text).toContain('Fri 20 Nov 2026, 10:00: Preparation step (the bot)');
    expect(text).toContain('Sat 21 Nov 2026, 10:00: GO (Sam, refused): Only the approver can press GO.');
  });

  it('shows the latest history only, saying how much is left out', () => {
    const history = Array.from({ length: 25 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
      by: 'system' as const,
      event: 'prep.check',
      accepted: true,
      revision: i + 1,
    }));
    expect(seen(showCard(change({ history }), process, { now: NOW }))).toContain(
      '15 earlier entries not shown.',
    );
  });
});

describe('list, help and refusal', () => {
  const summary = (id: string, start: string): ChangeSummary => ({
    id,
    title: `Title of ${id}`,
    service: 'ISC Learn Platform',
    status: 'planned',
    window: { start, end: new Date(Date.parse(start) + 3_600_000).toISOString() },
    implementer: 'Ines',
    revision: 1,
  });

  it('lists changes soonest first with their window in local time', () => {
    const text = seen(
      listCard(
        [
          summary('CHG-2026-002', '2027-01-10T08:00:00.000Z'),
          summary('CHG-2026-001', '2026-12-19T17:00:00.000Z'),
        ],
        process,
      ),
    );
    expect(text.indexOf('CHG-2026-001')).toBeLessThan(text.indexOf('CHG-2026-002'));
    expect(text).toContain('Sat 19 Dec 2026, 18:00–19:00 (Europe/Zurich)');
    expect(text).toContain('2 changes');
  });

  it('says so when nothing is planned', () => {
    expect(seen(listCard([], process))).toContain('No change is planned or running.');
  });

  it('help names every command', () => {
    const text = seen(helpCard(process));
    for (const command of ['new', 'list', 'show ID', 'reschedule ID', 'cancel ID', 'help']) {
      expect(text).toContain(`${command}:`);
    }
  });

  it('a refusal says what to do, and shows typed text literally', () => {
    const text = seen(
      refusalCard('No change is called "[x](http://evil)". Type list.', { id: 'CHG-2026-001', title: 'T' }),
    );
    expect(text).toContain('No change is called "[x](http://evil)". Type list.');
    expect(text).toContain('CHG-2026-001 · T');
  });
});

describe('a long list', () => {
  it('shows the soonest 25 and says how many more there are', () => {
    const many: ChangeSummary[] = Array.from({ length: 30 }, (_, i) => ({
      id: `CHG-2026-${String(100 + i)}`,
      title: `Change ${i}`,
      service: 'ISC Learn Platform',
      status: 'planned',
      window: {
        start: new Date(Date.UTC(2027, 0, 1 + i, 8)).toISOString(),
        end: new Date(Date.UTC(2027, 0, 1 + i, 9)).toISOString(),
      },
      implementer: 'Ines',
      revision: 1,
    }));
    const text = seen(listCard(many.reverse(), process));
    expect(text).toContain('30 changes');
    expect(text).toContain('CHG-2026-124');
    expect(text).not.toContain('CHG-2026-125');
    expect(text).toContain('5 later changes are not shown.');
  });
});
