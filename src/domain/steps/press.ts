import { z } from 'zod';
import { plainLines } from '../plainText';
import { LIMITS } from '../request';
import type { PressData } from './step';

/*
 * Button data is read by one schema per verb (each in its step file): only the keys the verb uses are read
 * (a card sends all of its inputs with every button, so other keys are dropped, not refused), every string is
 * bounded, and a state-changing press must carry the card's revision. Nothing is built from a key before it
 * is checked: `test-4000000000` is refused by the schema, not turned into an array that long.
 */

/** Input.Toggle sends "true"/"false"; a hand-made client may send booleans. */
export const toggle = z.union(
  [z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')],
  {
    error: 'A tick must be true or false.',
  },
);

/**
 * Free text typed on a card (a reason, a comment): bounded, with the limit in the message, and cleaned of
 * control characters (line breaks kept) before anything stores it.
 */
export const typed = (label: string, max: number) =>
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

/** Every state-changing press: the revision of the card it was pressed on. */
export const pressed = z.object({ revision });

/** A typed value, or '' when the press left it out. */
export const text = (value: string | undefined): string => value ?? '';

const TEST_KEY = /^test-(\d{1,9})$/;

/** The control card's validation test toggles `test-0`, `test-1`, …, below the process' test limit. */
function testResults(data: PressData): { results?: boolean[]; error?: string } {
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

/** The validation ticks a press carries (every press on the control or checkpoint card), or why not. */
export function withTicks(data: PressData): { ticks: { testResults?: boolean[] }; error?: string } {
  const tests = testResults(data);
  if (tests.error) return { ticks: {}, error: tests.error };
  return { ticks: tests.results ? { testResults: tests.results } : {} };
}

/** The event of a press on the control or checkpoint card, with the ticks it carries. */
export function ticked<E extends { type: string }>(
  data: PressData,
  event: E,
): (E & { testResults?: boolean[] }) | { error: string } {
  const { ticks, error } = withTicks(data);
  return error ? { error } : { ...event, ...ticks };
}
