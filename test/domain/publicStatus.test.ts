import { publicStatus, type PublicStatus } from '../../src/domain/publicStatus';
import { zurich } from './support';
import {
  cancelledChange,
  completedChange,
  lifeOfAChange,
  PRIVATE_STRINGS,
} from '../status/support/lifecycle';

const SERVICE = 'ISC Learn Platform';

function view(step: { change: Parameters<typeof publicStatus>[0][number]; now: Date }): PublicStatus {
  return publicStatus([step.change], step.now, { services: [SERVICE] });
}

function service(status: PublicStatus) {
  expect(status.services.map((entry) => entry.name)).toEqual([SERVICE]);
  return status.services[0]!;
}

describe('the public status follows the change (fake clock)', () => {
  const life = lifeOfAChange();

  test('a change not announced yet does not show: the service is operational, nothing upcoming', () => {
    const status = view(life.planned);
    expect(service(status)).toMatchObject({ state: 'operational', current: [], upcoming: [], history: [] });
    expect(status.events).toEqual([]);
  });

  test('after GO the window is upcoming, with public fields and one "announced" event', () => {
    const status = view(life.announced);
    const entry = service(status);
    expect(entry.state).toBe('operational');
    expect(entry.upcoming).toHaveLength(1);
    expect(entry.upcoming[0]).toMatchObject({
      service: SERVICE,
      title: 'Upgrade Moodle to 4.5',
      window: {
        start: zurich('2027-06-19 18:00').toISOString(),
        end: zurich('2027-06-19 20:00').toISOString(),
      },
      downtimeMinutes: 45,
      state: 'upcoming',
    });
    expect(status.events.map((event) => event.kind)).toEqual(['announced']);
  });

  test('at the start the service is under maintenance, even before the tick ran the start milestone', () => {
    const ticked = service(view(life.started));
    expect(ticked.state).toBe('maintenance');
    expect(ticked.current[0]?.state).toBe('inProgress');
    expect(ticked.upcoming).toEqual([]);
    // The clock passed the start but the scheduler has not handled it yet.
    const early = service(view({ change: life.announced.change, now: zurich('2027-06-19 18:01') }));
    expect(early.state).toBe('maintenance');
  });

  test('an extension moves the end and keeps the planned end', () => {
    const status = view(life.extended);
    const current = service(status).current[0]!;
    expect(current.window.end).toBe(zurich('2027-06-19 21:00').toISOString());
    expect(current.plannedEnd).toBe(zurich('2027-06-19 20:00').toISOString());
    expect(status.events[0]).toMatchObject({
      kind: 'extended',
      newEnd: zurich('2027-06-19 21:00').toISOString(),
    });
  });

  test('an incident shows as the service state until Restored, then the window is history', () => {
    const during = service(view(life.incident));
    expect(during.state).toBe('incident');
    expect(during.current[0]?.state).toBe('incident');
    const after = view(life.restored);
    expect(service(after)).toMatchObject({ state: 'operational', current: [] });
    expect(service(after).history[0]?.state).toBe('restored');
    expect(after.events.map((event) => event.kind)).toEqual([
      'restored',
      'incident',
      'extended',
      'started',
      'announced',
    ]);
  });

  test('a restore that fails hands the incident off: the incident no longer shows, history says so', () => {
    const failed = {
      ...life.incident.change,
      status: 'handedOff' as const,
      history: [
        ...life.incident.change.history,
        {
          at: zurich('2027-06-19 21:40').toISOString(),
          by: 'system' as const,
          event: 'restore.failed',
          accepted: true,
          revision: 99,
        },
      ],
    };
    const entry = service(view({ change: failed, now: zurich('2027-06-19 21:45') }));
    expect(entry.state).toBe('operational');
    expect(entry.history[0]?.state).toBe('handedOff');
    expect(entry.history[0]?.events.at(-1)?.kind).toBe('handedOff');
  });

  test('Done ends the maintenance: operational, history "completed"', () => {
    const done = completedChange();
    const entry = service(view(done));
    expect(entry.state).toBe('operational');
    expect(entry.history.map((window) => window.state)).toEqual(['completed']);
    expect(entry.history[0]?.events.map((event) => event.kind)).toEqual([
      'announced',
      'started',
      'completed',
    ]);
  });

  test('a cancelled announced window is history "cancelled"; a cancelled unannounced one never shows', () => {
    const cancelled = cancelledChange();
    expect(service(view(cancelled)).history[0]?.state).toBe('cancelled');
    const unannounced = { ...cancelled.change, announced: false };
    expect(service(view({ change: unannounced, now: cancelled.now })).history).toEqual([]);
  });

  test('history keeps 90 days: a window finished 91 days ago is gone', () => {
    const done = completedChange();
    const day = 24 * 60 * 60 * 1000;
    const at89 = new Date(done.now.getTime() + 89 * day);
    const at91 = new Date(done.now.getTime() + 91 * day);
    expect(service(view({ change: done.change, now: at89 })).history).toHaveLength(1);
    expect(service(view({ change: done.change, now: at91 })).history).toHaveLength(0);
    expect(publicStatus([done.change], at91, { services: [SERVICE] }).events).toEqual([]);
  });

  test('changes are grouped per service: each named service gets its own entry and state', () => {
    const running = lifeOfAChange().started;
    const announced = lifeOfAChange().announced.change;
    const other = {
      ...announced,
      id: 'CHG-2027-002',
      service: 'Mail relay',
      window: {
        start: zurich('2027-06-26 18:00').toISOString(),
        end: zurich('2027-06-26 20:00').toISOString(),
      },
    };
    const status = publicStatus([running.change, other], running.now, { services: [SERVICE] });
    expect(status.services.map((entry) => [entry.name, entry.state])).toEqual([
      [SERVICE, 'maintenance'],
      ['Mail relay', 'operational'],
    ]);
  });

  test('no private field (description, rollback, tests, names, e-mail addresses) is in the view', () => {
    for (const step of Object.values(lifeOfAChange())) {
      const text = JSON.stringify(view(step));
      for (const secret of PRIVATE_STRINGS) expect(text).not.toContain(secret);
    }
  });
});
