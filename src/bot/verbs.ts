import { z } from 'zod';
import type { ChangeEvent } from '../domain/events';
import { plainLines } from '../domain/plainText';
import { LIMITS } from '../domain/request';

/** Data of an Action.Execute press: the card's `data` merged with the card's input values. */
export type ActionData = Record<string, unknown>;

export const CREATE_VERB = 'change.create';

/*
 * Button data is read by one schema per verb: only the keys the verb uses are read (a card sends all of its
 * inputs with every button, so other keys are dropped, not refused), every string is bounded, and a
 * state-changing press must carry the card's revision. Nothing is built from a key before it is checked:
 * `test-4000000000` is refused by the schema, not turned into an array that long.
 */

/** Longer than any card sends; anything beyond is not a press from one of our cards. */
const MAX_KEYS = 200;

/** Input.Toggle sends "true"/"false"; a hand-made client may send booleans. */
const toggle = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
  error: 'A tick must be true or false.',
});

/**
 * Free text typed on a card (a reason, a comment): bounded, with the limit in the message, and cleaned of
 * control characters (line breaks kept) before anything stores it.
 */
const typed = (label: string, max: number) =>
  z
    .union([z.string(), z.number().transform(String)], { error: `${label} must be text.` })
    .refine((value) => value.length <= max, `${label} is too long (at most ${max} characters).`)
    .transform(plainLines);

/** The templating may write the revision as a number or as its digits. */
const revision = z.union([
  z.number().int().nonnegative().max(1e9),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);

export const MISSING_REVISION =
  'This button does not say which version of the change it was pressed on, so nothing was done. Here is the current card: press again if still needed.';

const pressed = z.object({ revision });

const schemas = {
  'prep.check': pressed.extend({
    item: z
      .string({ error: 'That checklist item is not on this change.' })
      .max(LIMITS.test, 'That checklist item is not on this change.'),
    checked: toggle.optional(),
  }),
  'precheck.done': pressed,
  'precheck.corrections': pressed.extend({ comment: typed('The comment', LIMITS.reason).optional() }),
  go: pressed,
  nogo: pressed.extend({ reason: typed('The reason', LIMITS.reason).optional() }),
  'snapshot.started': pressed,
  'snapshot.done': pressed,
  done: pressed,
  problem: pressed,
  extend: pressed.extend({ extraMinutes: typed('The extra delay', 12).optional() }),
  incident: pressed,
  restored: pressed,
  'restore.failed': pressed,
  cancel: pressed.extend({ reason: typed('The reason', LIMITS.reason).optional() }),
  reschedule: pressed,
  review: pressed.extend({
    whatHappened: typed('What happened', LIMITS.reason).optional(),
    whatHelped: typed('What helped', LIMITS.reason).optional(),
    oneChange: typed('One thing to change', LIMITS.reason).optional(),
  }),
} as const;

export type StateVerb = keyof typeof schemas;

export function isStateVerb(verb: string): verb is StateVerb {
  return Object.prototype.hasOwnProperty.call(schemas, verb);
}

const TEST_KEY = /^test-(\d{1,9})$/;

/** The control card's validation test toggles `test-0`, `test-1`, …, below the process' test limit. */
function testResults(data: ActionData): { results?: boolean[]; error?: string } {
  const results: boolean[] = [];
  let any = false;
  for (const key of Object.keys(data)) {
    const match = TEST_KEY.exec(key);
    if (!match) {
      if (key.startsWith('test-')) return { error: `"${key.slice(0, 24)}" is not a validation test.` };
      continue;
    }
    const index = Number(match[1]);
    if (index >= LIMITS.tests) return { error: `"${key}" is not a validation test of any change.` };
    const value = toggle.safeParse(data[key]);
    if (!value.success) return { error: `The value of ${key} must be true or false.` };
    results[index] = value.data;
    any = true;
  }
  return any ? { results: Array.from(results, (value) => value === true) } : {};
}

export type ReadPress =
  | { ok: true; revision: number; event?: ChangeEvent }
  | { ok: false; problem: 'revision' | 'invalid' | 'unknown'; message: string };

/** The validation ticks a press carries, or why they cannot be read. */
function withTicks(data: ActionData): { ticks: { testResults?: boolean[] }; error?: string } {
  const tests = testResults(data);
  if (tests.error) return { ticks: {}, error: tests.error };
  return { ticks: tests.results ? { testResults: tests.results } : {} };
}

/**
 * Reads a press of a state-changing verb. `event` is absent for `reschedule`: its window is checked against
 * the process first (the lifecycle does that).
 */
export function readPress(verb: string, data: ActionData): ReadPress {
  if (!isStateVerb(verb)) return { ok: false, problem: 'unknown', message: '' };
  if (Object.keys(data).length > MAX_KEYS)
    return { ok: false, problem: 'invalid', message: 'This button sent more than a card can hold.' };
  const parsed = schemas[verb].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.path[0] === 'revision') return { ok: false, problem: 'revision', message: MISSING_REVISION };
    return { ok: false, problem: 'invalid', message: issue.message };
  }
  const values = parsed.data as { revision: number } & Record<string, unknown>;
  const ok = (event?: ChangeEvent): ReadPress => ({
    ok: true,
    revision: values.revision,
    ...(event ? { event } : {}),
  });
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');
  switch (verb) {
    case 'prep.check':
      return ok({
        type: verb,
        item: text('item'),
        ...(values.checked === undefined ? {} : { checked: values.checked as boolean }),
      });
    case 'precheck.corrections':
      return ok({ type: verb, comment: text('comment') });
    case 'nogo':
      return ok({ type: verb, reason: text('reason') });
    // Every press on the control or decision card carries the validation ticks shown on it.
    case 'done':
    case 'problem':
    case 'incident': {
      const { ticks, error } = withTicks(data);
      if (error) return { ok: false, problem: 'invalid', message: error };
      return ok({ type: verb, ...ticks });
    }
    case 'extend': {
      const { ticks, error } = withTicks(data);
      if (error) return { ok: false, problem: 'invalid', message: error };
      const raw = text('extraMinutes').trim();
      return ok({ type: verb, extraMinutes: /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN, ...ticks });
    }
    case 'cancel': {
      const reason = text('reason').trim();
      return ok({ type: verb, ...(reason ? { reason } : {}) });
    }
    case 'reschedule':
      return ok();
    case 'review':
      return ok({
        type: verb,
        whatHappened: text('whatHappened'),
        whatHelped: text('whatHelped'),
        oneChange: text('oneChange'),
      });
    default:
      return ok({ type: verb });
  }
}

/*
 * Restore drill buttons. A drill is not a change: its buttons carry a drill id, no change id and no revision
 * (the drill's state says whether a press still applies).
 */
const drillId = z
  .string({ error: 'This button does not name a drill. Type "drill" to start a new one.' })
  .regex(/^DRILL-[0-9A-Za-z-]{1,40}$/, 'This button does not name a drill. Type "drill" to start a new one.');

const drillSchemas = {
  'drill.started': z.object({
    drillId,
    drillPath: typed('The restore path', 200).optional(),
  }),
  'drill.restored': z.object({ drillId, drillNote: typed('The note', LIMITS.reason).optional() }),
  'drill.abandoned': z.object({ drillId, drillNote: typed('The note', LIMITS.reason).optional() }),
} as const;

export type DrillVerb = keyof typeof drillSchemas;

export function isDrillVerb(verb: string): verb is DrillVerb {
  return Object.prototype.hasOwnProperty.call(drillSchemas, verb);
}

export type DrillPress =
  { ok: true; verb: DrillVerb; drillId: string; path: string; note: string } | { ok: false; message: string };

export function readDrillPress(verb: DrillVerb, data: ActionData): DrillPress {
  if (Object.keys(data).length > MAX_KEYS)
    return { ok: false, message: 'This button sent more than a card can hold.' };
  const parsed = drillSchemas[verb].safeParse(data);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const values = parsed.data as { drillId: string; drillPath?: string; drillNote?: string };
  return {
    ok: true,
    verb,
    drillId: values.drillId,
    path: (values.drillPath ?? '').trim(),
    note: values.drillNote ?? '',
  };
}
