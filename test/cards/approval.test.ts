import { approver, card, change, inputs, seen, verbs } from './support';

const goDecision = { verdict: 'go' as const, by: approver, at: '2026-12-12T19:00:00.000Z' };
const precheckDone = { state: 'done' as const, by: approver, at: '2026-12-05T18:00:00.000Z' };

describe('preparation checklist', () => {
  const subject = change({
    preparation: [
      {
        id: 'prepare',
        label: 'Prepared',
        checked: true,
        by: 'Ada Implementer',
        at: '2026-11-30T09:00:00.000Z',
      },
      { id: 'tests', label: 'Validation tests written', checked: false },
    ],
  });

  it('offers Done on open items and Undo on ticked ones, each naming its item', () => {
    const json = card('preparation', subject);
    expect(verbs(json)).toEqual(['prep.check', 'prep.check']);
    const text = JSON.stringify(json);
    expect(text).toContain('"item":"prepare","checked":false');
    expect(text).toContain('"item":"tests","checked":true');
    expect(seen(json)).toContain('Checklist: 1 of 2 done');
    expect(seen(json)).toContain('Done by Ada Implementer, Mon 30 Nov 2026, 10:00 (Europe/Zurich)');
    expect(seen(json)).toContain(
      'The pre-check with Pierre André is on Sat 5 Dec 2026, 18:00 (Europe/Zurich)',
    );
  });

  it('shows the requested corrections when the pre-check reopened it', () => {
    const reopened = change({
      precheck: {
        state: 'corrections',
        by: approver,
        at: '2026-12-05T18:30:00.000Z',
        comment: 'Add a mobile test',
      },
    });
    expect(seen(card('precheckRecorded', reopened))).toContain('Add a mobile test');
    expect(seen(card('preparation', reopened))).toContain('Corrections requested by Pierre André');
  });

  it('has no buttons once the window runs', () => {
    expect(verbs(card('preparation', { ...subject, status: 'running' }))).toEqual([]);
  });
});

describe('pre-check', () => {
  it('shows what will be modified, how to test it and the downtime, with Pre-check done / Needs corrections', () => {
    const json = card('precheck', change({ downtimeMinutes: 90 }));
    expect(verbs(json)).toEqual(['precheck.done', 'precheck.corrections']);
    expect(inputs(json).comment).toMatchObject({ isRequired: true });
    const text = seen(json);
    expect(text).toContain('Upgrade the learning platform and its plugins on Hannibal.');
    expect(text).toContain('Log in as a student');
    expect(text).toContain('Downtime requested: about 1 h 30 min');
  });

  it('is closed once done, and says by whom', () => {
    const json = card('precheck', change({ precheck: precheckDone }));
    expect(verbs(json)).toEqual([]);
    expect(seen(json)).toContain('Pre-check: Done by Pierre André, Sat 5 Dec 2026, 19:00 (Europe/Zurich)');
  });
});

describe('GO / NOGO', () => {
  it('gives the approver the facts and GO / NOGO, NOGO requiring a reason', () => {
    const json = card('goNoGo', change({ precheck: precheckDone }));
    expect(verbs(json)).toEqual(['go', 'nogo']);
    expect(inputs(json).reason).toMatchObject({ isRequired: true });
    const text = seen(json);
    expect(text).toContain('When: Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)');
    expect(text).toContain('Downtime: about 1 h');
    expect(text).toContain('Implementer: Ada Implementer (ada@example.org)');
    expect(text).toContain('Data-only snapshot on Infomaniak, started at 15:15');
    expect(text).toContain('Without GO by Fri 18 Dec 2026, 18:00 (Europe/Zurich)');
  });

  it('after GO shows who decided and when, with no buttons (the same card, updated in place)', () => {
    const json = card('goNoGo', change({ status: 'approved', decision: goDecision, announced: true }));
    expect(verbs(json)).toEqual([]);
    expect(seen(json)).toContain('GO by Pierre André, Sat 12 Dec 2026, 20:00 (Europe/Zurich)');
  });

  it('after NOGO shows the reason, and the implementer can reschedule (inline dates) or cancel', () => {
    const rejected = change({
      status: 'rejected',
      decision: { verdict: 'nogo', by: approver, at: '2026-12-12T19:00:00.000Z', reason: 'Exams that week' },
    });
    expect(verbs(card('goNoGo', rejected))).toEqual([]);
    const json = card('nogo', rejected);
    expect(seen(json)).toContain(
      'NOGO by Pierre André, Sat 12 Dec 2026, 20:00 (Europe/Zurich): Exams that week',
    );
    expect(verbs(json)).toEqual(['reschedule', 'cancel']);
    const fields = inputs(json);
    expect(fields.startDate).toMatchObject({ value: '2026-12-19', isRequired: true });
    expect(fields.startTime).toMatchObject({ value: '18:00' });
    expect(fields.endDate).toMatchObject({ value: '2026-12-19' });
    expect(fields.endTime).toMatchObject({ value: '22:00' });
    expect(fields.expedited).toMatchObject({ value: 'false', valueOn: 'true', valueOff: 'false' });
  });

  it('once rescheduled, the NOGO card offers nothing more', () => {
    expect(verbs(card('nogo', change({ status: 'planned' })))).toEqual([]);
  });

  it('records a GO for the thread, saying the announcement went out', () => {
    const json = card(
      'decisionRecorded',
      change({ status: 'approved', decision: goDecision, announced: true }),
    );
    expect(verbs(json)).toEqual([]);
    expect(seen(json)).toMatch(/announcement was posted in the channel and e-mailed to \d+ addresses/);
  });
});

describe('blocked', () => {
  it("says no GO came by the day before the start (the seed's before.reminder) and offers reschedule or cancel", () => {
    const json = card('blocked', change({ status: 'blocked' }));
    expect(seen(json)).toContain(
      'No GO was given by Fri 18 Dec 2026, 18:00 (Europe/Zurich) (the day before the start)',
    );
    expect(verbs(json)).toEqual(['reschedule', 'cancel']);
  });
});
