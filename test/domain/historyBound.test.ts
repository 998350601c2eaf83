/**
 * Bounded growth of a change's history: repeated toggles of one checklist item by one person fold into one
 * line with a count; past the limit, the oldest refusals and ticks are summarised in one line that counts
 * them, while every state change stays; 1,500 toggles leave a change about the size of a few.
 */
import type { Change } from '../../src/domain/change';
import { boundHistory, HISTORY_LIMIT, SUMMARY_EVENT } from '../../src/domain/historyBound';
import { encodeChangeFile } from '../../src/store/changeFile';
import { accepted, act, implementer, newChange, refused } from './support';

const START = '2027-06-19 18:00';
const LATER = '2027-05-27 09:00';

function toggles(change: Change, times: number, item = 'tests', by = implementer): Change {
  let current = change;
  for (let n = 0; n < times; n += 1) {
    current = accepted(
      act(current, { type: 'prep.check', item, checked: n % 2 === 0 }, by, LATER, { source: 'preparation' }),
    ).change;
  }
  return current;
}

describe('history: repeated toggles and its bound', () => {
  it('folds repeated toggles of one item by one person into one line with a count, the latest state', () => {
    const start = newChange(START).change;
    const after = toggles(start, 7);
    expect(after.revision).toBe(start.revision + 7);
    expect(after.history).toHaveLength(start.history.length + 1);
    expect(after.history.at(-1)).toMatchObject({
      event: 'prep.check',
      item: 'tests',
      count: 7,
      revision: after.revision,
      note: expect.stringMatching(/^ticked/),
    });
  });

  it('keeps a new line for another item, another person, or after another event', () => {
    const start = newChange(START).change;
    const a = toggles(start, 2, 'tests');
    const b = toggles(a, 2, 'window');
    expect(b.history.slice(-2).map((line) => [line.item, line.count])).toEqual([
      ['tests', 2],
      ['window', 2],
    ]);
    const c = toggles(b, 1, 'tests');
    expect(c.history.slice(-1).map((line) => [line.item, line.count])).toEqual([['tests', undefined]]);
  });

  it('1,500 toggles: one history line, and the change file stays the size of a few toggles', () => {
    const start = newChange(START).change;
    const few = toggles(start, 3);
    const many = toggles(start, 1_500);
    expect(many.history).toHaveLength(start.history.length + 1);
    expect(many.history.at(-1)?.count).toBe(1_500);
    const size = (change: Change) => encodeChangeFile({ change, version: change.revision }).length;
    expect(size(many)).toBeLessThan(size(few) + 20);
  });

  it('past the limit, refusals and ticks are summarised in one line; every state change is kept', () => {
    let change = newChange(START).change;
    // GO pressed by the implementer, who may not, each time from another card: nothing folds them.
    for (let n = 0; n < HISTORY_LIMIT * 3; n += 1) {
      const outcome = act(change, { type: 'go' }, implementer, LATER, { source: `card-${n}` });
      change = refused(outcome).change;
      if (n === HISTORY_LIMIT) change = toggles(change, 1);
    }
    expect(change.history.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    const summaries = change.history.filter((line) => line.event === SUMMARY_EVENT);
    expect(summaries).toHaveLength(1);
    const kept = change.history.filter((line) => line.event !== SUMMARY_EVENT);
    const stood = kept.reduce((sum, line) => sum + (line.count ?? 1), 0);
    expect(stood + summaries[0]!.count!).toBe(1 + HISTORY_LIMIT * 3 + 1); // create + refusals + the tick
    expect(change.history[0]).toMatchObject({ event: 'create' });
    expect(summaries[0]!.note).toMatch(/refused presses, 1 checklist ticks/);
  });

  it('never folds a state change, even when only state changes are past the limit', () => {
    const change = newChange(START).change;
    const line = change.history[0]!;
    const states = Array.from({ length: HISTORY_LIMIT + 10 }, (_, n) => ({
      ...line,
      event: 'reschedule',
      revision: n + 2,
    }));
    expect(boundHistory(states)).toEqual(states);
  });
});
