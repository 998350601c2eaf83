import { formCard } from '../../src/cards';
import { approver, card, change, process } from './support';
import { inputsSentBy } from './validate';

const go = { verdict: 'go' as const, by: approver, at: '2026-12-12T19:00:00.000Z' };

// A press sends the inputs of its own card and of the cards around it, never those of another button's
// inline card: GO is not held back by NOGO's empty required reason.
describe('what each press sends', () => {
  it('GO sends nothing, NOGO its reason', () => {
    expect(inputsSentBy(card('goNoGo', change()))).toEqual({ go: [], nogo: ['reason'] });
  });

  it('Pre-check done sends nothing, Needs corrections its comment', () => {
    expect(inputsSentBy(card('precheck', change()))).toEqual({
      'precheck.done': [],
      'precheck.corrections': ['comment'],
    });
  });

  it('Reschedule sends the new window, Cancel its optional reason', () => {
    const rejected = change({ status: 'rejected', decision: { ...go, verdict: 'nogo', reason: 'No' } });
    expect(inputsSentBy(card('nogo', rejected))).toEqual({
      reschedule: ['endDate', 'endTime', 'expedited', 'startDate', 'startTime'],
      cancel: ['reason'],
    });
  });

  it('every control and decision press sends the ticked validation tests; Extend also the extra minutes', () => {
    const running = change({ status: 'running', decision: go, announced: true });
    expect(inputsSentBy(card('control', running))).toEqual({
      done: ['test-0', 'test-1'],
      problem: ['test-0', 'test-1'],
      extend: ['extraMinutes', 'test-0', 'test-1'],
      incident: ['test-0', 'test-1'],
    });
    // Solved stores the final ticks too: the decision card shows the checklist and sends it.
    expect(inputsSentBy(card('decision', running))).toEqual({
      done: ['test-0', 'test-1'],
      extend: ['extraMinutes', 'test-0', 'test-1'],
      incident: ['test-0', 'test-1'],
    });
  });

  it('the form sends every field (the 11 contract ids and expeditedReason)', () => {
    expect(inputsSentBy(formCard(process))['change.create']).toHaveLength(12);
  });
});
