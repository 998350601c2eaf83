import type { ChangeEvent } from '../domain/events';

/** Data of an Action.Execute press: the card's `data` merged with the card's input values. */
export type ActionData = Record<string, unknown>;

export const CREATE_VERB = 'change.create';

function text(data: ActionData, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** Values of the control card's validation test toggles `test-0`, `test-1`, …, in order. */
function testResults(data: ActionData): boolean[] | undefined {
  const keys = Object.keys(data).filter((key) => /^test-\d+$/.test(key));
  if (keys.length === 0) return undefined;
  const results: boolean[] = [];
  for (const key of keys) results[Number(key.slice(5))] = text(data, key) === 'true';
  return Array.from(results, (value) => value === true);
}

function ticks(data: ActionData): { testResults?: boolean[] } {
  const results = testResults(data);
  return results ? { testResults: results } : {};
}

/**
 * Turns a button verb of the Contract into a domain event. `reschedule` is not here: it needs the window
 * checked against the process first (the lifecycle does that).
 */
export function eventForVerb(verb: string, data: ActionData): ChangeEvent | undefined {
  switch (verb) {
    case 'prep.check': {
      const checked = data.checked;
      return {
        type: 'prep.check',
        item: text(data, 'item'),
        ...(checked === undefined ? {} : { checked: checked === true || checked === 'true' }),
      };
    }
    case 'precheck.done':
    case 'go':
    case 'snapshot.started':
    case 'snapshot.done':
    case 'restored':
    case 'restore.failed':
      return { type: verb };
    case 'precheck.corrections':
      return { type: verb, comment: text(data, 'comment') };
    case 'nogo':
      return { type: verb, reason: text(data, 'reason') };
    // Every press on the control or decision card carries the validation ticks shown on it.
    case 'done':
    case 'problem':
    case 'incident':
      return { type: verb, ...ticks(data) };
    case 'extend': {
      const raw = text(data, 'extraMinutes').trim();
      return { type: verb, extraMinutes: /^\d+$/.test(raw) ? Number(raw) : Number.NaN, ...ticks(data) };
    }
    case 'cancel': {
      const reason = text(data, 'reason').trim();
      return { type: verb, ...(reason ? { reason } : {}) };
    }
    default:
      return undefined;
  }
}
