import type { Change } from '../../src/domain/change';
import { approver, card, change, inputs, openUrls, process, seen, verbs } from './support';

const go = { verdict: 'go' as const, by: approver, at: '2026-12-12T19:00:00.000Z' };
const snapshotDone = { state: 'done' as const, by: approver, doneAt: '2026-12-19T16:40:00.000Z' };

function running(overrides: Partial<Change> = {}): Change {
  return change({ status: 'running', decision: go, announced: true, snapshot: snapshotDone, ...overrides });
}

describe('snapshot reminder', () => {
  const approved = change({ status: 'approved', decision: go, announced: true });

  it('gives the exact steps of the process file, data only, the duration and when to start', () => {
    const text = seen(card('snapshot', approved));
    expect(text).toContain(process.service.snapshotSteps);
    expect(text).toContain('data-only');
    expect(text).toContain('the system snapshot of Infomaniak is known to be broken');
    expect(text).toContain('about 2 h 30 min');
    expect(text).toContain('Start it at 15:15, at the latest at 15:30');
    expect(text).toContain('before the window starts at 18:00');
  });

  it('says "now" once the start time has passed', () => {
    const late = card('snapshot', approved, { now: new Date('2026-12-19T14:20:00.000Z') });
    expect(seen(late)).toContain('Start it now');
  });

  it('offers Started and Done, then only Done, then nothing', () => {
    expect(verbs(card('snapshot', approved))).toEqual(['snapshot.started', 'snapshot.done']);
    const started = {
      ...approved,
      snapshot: { state: 'started' as const, startedAt: '2026-12-19T14:15:00.000Z' },
    };
    expect(verbs(card('snapshot', started))).toEqual(['snapshot.done']);
    expect(seen(card('snapshot', started))).toContain(
      'Snapshot: Started, Sat 19 Dec 2026, 15:15 (Europe/Zurich)',
    );
    expect(verbs(card('snapshot', { ...approved, snapshot: snapshotDone }))).toEqual([]);
  });
});

describe('start of maintenance', () => {
  it('tells the channel what, when, the downtime and whom to contact', () => {
    const text = seen(card('start', running()));
    expect(text).toContain('Maintenance started: ISC Learn Platform');
    expect(text).toContain('When: Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)');
    expect(text).toContain('Downtime: about 1 h');
    expect(text).toContain('Contact: Ada Implementer (ada@example.org), or Pierre André');
    expect(text).not.toContain('snapshot');
  });

  it('warns when the snapshot was never confirmed', () => {
    expect(seen(card('start', running({ snapshot: { state: 'none' } })))).toContain(
      'No data snapshot was confirmed before the start.',
    );
    expect(seen(card('start', running({ snapshot: { state: 'started' } })))).toContain(
      'started but never confirmed as done',
    );
  });
});

describe("the implementer's control card", () => {
  it('lists the validation tests as a checklist, with Done, Problem, Extend and Declare incident', () => {
    const json = card('control', running({ testResults: [true, false] }));
    expect(verbs(json)).toEqual(['done', 'problem', 'extend', 'incident']);
    const fields = inputs(json);
    expect(fields['test-0']).toMatchObject({
      type: 'Input.Toggle',
      value: 'true',
      title: 'Log in as a student',
    });
    expect(fields['test-1']).toMatchObject({ type: 'Input.Toggle', value: 'false' });
    expect(fields.extraMinutes).toMatchObject({ isRequired: true, min: 1 });
    expect(seen(json)).toContain('if it is not finished by 21:30 you decide');
  });

  it('while debugging, drops Problem and says so', () => {
    const json = card('control', running({ status: 'debugging' }));
    expect(verbs(json)).toEqual(['done', 'extend', 'incident']);
    expect(seen(json)).toContain('Debugging a problem');
  });

  it('after Done shows the results and no buttons', () => {
    const json = card('control', running({ status: 'completed', testResults: [true, false] }));
    expect(verbs(json)).toEqual([]);
    expect(seen(json)).toContain('☑ Log in as a student');
    expect(seen(json)).toContain('☐ Open a course and submit a quiz');
  });
});

describe('decision point', () => {
  it('offers Solved, Extend (asking the extra minutes) and Incident', () => {
    const json = card('decision', running({ status: 'debugging' }));
    expect(verbs(json)).toEqual(['done', 'extend', 'incident']);
    expect(JSON.stringify(json)).toContain('"title":"Solved"');
    expect(inputs(json).extraMinutes).toMatchObject({ isRequired: true });
    expect(seen(json)).toContain('The window ends at 22:00');
  });

  it('has no buttons once the change left the window', () => {
    expect(verbs(card('decision', running({ status: 'incident' })))).toEqual([]);
  });
});

describe('extension notice', () => {
  it('gives the new end and the extra delay', () => {
    const newEnd = '2026-12-19T21:45:00.000Z';
    const extended = running({
      window: { start: '2026-12-19T17:00:00.000Z', end: newEnd },
      plannedEnd: '2026-12-19T21:00:00.000Z',
      extensions: [
        {
          extraMinutes: 45,
          previousEnd: '2026-12-19T21:00:00.000Z',
          newEnd,
          by: approver,
          at: '2026-12-19T20:35:00.000Z',
        },
      ],
    });
    const text = seen(card('extension', extended));
    expect(text).toContain('New end: Sat 19 Dec 2026, 22:45 (Europe/Zurich)');
    expect(text).toContain('Extra delay: 45 min');
    expect(text).toContain('Planned end was: Sat 19 Dec 2026, 22:00 (Europe/Zurich)');
  });
});

describe('incident notice', () => {
  const declared = running({
    status: 'incident',
    incident: { declaredAt: '2026-12-19T20:40:00.000Z', by: approver },
  });

  it('gives both restore paths with their links and the snapshot restore time, then Restored / Restore failed', () => {
    const json = card('incident', declared);
    expect(verbs(json)).toEqual(['restored', 'restore.failed']);
    expect(openUrls(json)).toEqual([
      ...process.services[0]!.restorePaths.map((path) => path.link),
      process.links.incidentProcess,
    ]);
    const text = seen(json);
    expect(text).toContain('NAS backup (SSD NAS or small desktop NAS)');
    expect(text).toContain('It takes about 1 h');
    expect(text).toContain('Declared by Pierre André, Sat 19 Dec 2026, 21:40 (Europe/Zurich)');
  });

  it('after the outcome has no buttons; a failed restore hands off to the incident process', () => {
    const failed = {
      ...declared,
      status: 'handedOff' as const,
      incident: { ...declared.incident!, outcome: 'failed' as const },
    };
    expect(verbs(card('incident', failed))).toEqual([]);
    const handoff = card('handoff', failed);
    expect(openUrls(handoff)).toEqual([process.links.incidentProcess]);
    expect(seen(handoff)).toContain('The incident process takes over');
    expect(seen(card('restored', { ...failed, status: 'restored' }))).toContain(
      'was restored to its state before the change',
    );
  });
});

describe('end of maintenance', () => {
  it('says the service is back, with the validation results', () => {
    const json = card(
      'end',
      running({ status: 'completed', testResults: [true, false], updatedAt: '2026-12-19T20:10:00.000Z' }),
    );
    const text = seen(json);
    expect(text).toContain('ISC Learn Platform is available again');
    expect(text).toContain('Finished Sat 19 Dec 2026, 21:10 (Europe/Zurich)');
    expect(text).toContain('1 of 2 passed');
    expect(text).toContain('☑ Log in as a student (passed)');
    expect(text).toContain('☐ Open a course and submit a quiz (not confirmed)');
  });
});

describe('cancellation', () => {
  it('tells those informed that the announced window will not take place, and why', () => {
    const cancelled = change({
      status: 'cancelled',
      announced: true,
      cancelReason: 'Vendor withdrew the release',
    });
    const text = seen(card('cancellation', cancelled));
    expect(text).toContain(
      'The maintenance planned for Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich) will not take place',
    );
    expect(text).toContain('Reason: Vendor withdrew the release');
  });
});
