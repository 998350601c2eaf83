import type { OutboxEntry } from '../../src/domain/change';
import { hasWorkLeft, summarize } from '../../src/store/summary';
import { makeChange } from '../support/changeFactory';

function outboxEntry(overrides: Partial<OutboxEntry>): OutboxEntry {
  return {
    key: '3:end:thread',
    effect: { notice: 'end', to: { kind: 'thread' } },
    revision: 3,
    state: 'pending',
    attempts: 0,
    createdAt: '2026-06-20T10:00:00.000Z',
    ...overrides,
  };
}

describe('summarize', () => {
  it('keeps what a list needs, the earliest pending milestone as nextDue and as the next milestone', () => {
    const change = makeChange({ id: 'CHG-2026-042' });
    expect(summarize(change)).toEqual({
      id: 'CHG-2026-042',
      title: change.title,
      service: change.service,
      status: 'planned',
      window: change.window,
      implementer: change.implementer.name,
      revision: 1,
      nextDue: change.milestones.preparation.due,
      nextMilestone: { name: 'preparation', due: change.milestones.preparation.due },
    });
  });

  it('skips milestones that are done or skipped', () => {
    const base = makeChange();
    const milestones = {
      ...base.milestones,
      preparation: { ...base.milestones.preparation, state: 'done' as const },
      precheck: { ...base.milestones.precheck, state: 'skipped' as const },
    };
    expect(summarize({ ...base, milestones }).nextDue).toBe(base.milestones.goNoGo.due);
  });

  it('counts pending deliveries at their retry time, else their creation time', () => {
    const base = makeChange();
    const retry = outboxEntry({
      createdAt: '2026-01-01T00:00:00.000Z',
      nextAttemptAt: '2026-05-20T08:00:00.000Z',
    });
    expect(summarize({ ...base, outbox: [retry] }).nextDue).toBe('2026-05-20T08:00:00.000Z');
    const fresh = outboxEntry({ createdAt: '2026-05-02T08:00:00.000Z' });
    expect(summarize({ ...base, outbox: [retry, fresh] }).nextDue).toBe('2026-05-02T08:00:00.000Z');
  });

  it('ignores deliveries that were sent or gave up', () => {
    const base = makeChange();
    const outbox = [
      outboxEntry({ state: 'sent', createdAt: '2026-01-01T00:00:00.000Z' }),
      outboxEntry({ state: 'failed', createdAt: '2026-01-02T00:00:00.000Z' }),
    ];
    expect(summarize({ ...base, outbox }).nextDue).toBe(base.milestones.preparation.due);
  });

  it('compares instants, not strings, when offsets differ', () => {
    const base = makeChange();
    // 09:00+02:00 is 07:00Z: earlier than 08:00Z although it sorts later as text.
    const outbox = [
      outboxEntry({ createdAt: '2026-05-02T08:00:00.000Z' }),
      outboxEntry({ createdAt: '2026-05-02T09:00:00+02:00' }),
    ];
    expect(summarize({ ...base, outbox }).nextDue).toBe('2026-05-02T09:00:00+02:00');
  });

  it('ignores the milestones of a final change but not its pending deliveries', () => {
    const cancelled = makeChange({ status: 'cancelled' });
    expect(summarize(cancelled).nextDue).toBeUndefined();
    expect(hasWorkLeft(cancelled)).toBe(false);
    const withNotice = { ...cancelled, outbox: [outboxEntry({ createdAt: '2026-06-01T00:00:00.000Z' })] };
    expect(summarize(withNotice).nextDue).toBe('2026-06-01T00:00:00.000Z');
    expect(hasWorkLeft(withNotice)).toBe(true);
  });

  it('has work left for every status that is not final', () => {
    for (const status of [
      'planned',
      'approved',
      'rejected',
      'blocked',
      'running',
      'debugging',
      'incident',
    ] as const) {
      expect(hasWorkLeft(makeChange({ status }))).toBe(true);
    }
    for (const status of ['completed', 'restored', 'handedOff', 'cancelled'] as const) {
      expect(hasWorkLeft(makeChange({ status }))).toBe(false);
    }
  });
});
