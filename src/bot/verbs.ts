import { z } from 'zod';
import type { ChangeEvent } from '../domain/events';
import type { ProcessDefinition } from '../domain/process';
import { LIMITS } from '../domain/request';
import { tablesOf } from '../domain/steps/lookup';
import { typed } from '../domain/steps/press';

type Step = ProcessDefinition['steps'][number];

/** Data of an Action.Execute press: the card's `data` merged with the card's input values. */
export type ActionData = Record<string, unknown>;

export const CREATE_VERB = 'change.create';

/** Longer than any card sends; anything beyond is not a press from one of our cards. */
const MAX_KEYS = 200;

export const MISSING_REVISION =
  'This button does not say which version of the change it was pressed on, so nothing was done. Here is the current card: press again if still needed.';

export type ReadPress =
  | { ok: true; revision: number; event?: ChangeEvent }
  | { ok: false; problem: 'revision' | 'invalid' | 'unknown'; message: string };

/** A verb one of the process's steps defines (anything else is no button of this version of the bot). */
export function isStateVerb(verb: string, steps: readonly Step[]): boolean {
  return tablesOf(steps).verbs.has(verb);
}

/**
 * Reads a press of a state-changing verb with the schema and reader of the step that defines it
 * (src/domain/steps/). `event` is absent for `reschedule`: its window is checked against the process first
 * (the lifecycle does that).
 */
export function readPress(verb: string, data: ActionData, steps: readonly Step[]): ReadPress {
  const spec = tablesOf(steps).verbs.get(verb);
  if (!spec) return { ok: false, problem: 'unknown', message: '' };
  if (Object.keys(data).length > MAX_KEYS)
    return { ok: false, problem: 'invalid', message: 'This button sent more than a card can hold.' };
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.path[0] === 'revision') return { ok: false, problem: 'revision', message: MISSING_REVISION };
    return { ok: false, problem: 'invalid', message: issue.message };
  }
  const { revision } = parsed.data as { revision: number };
  const event = spec.event(parsed.data, data) as ChangeEvent | { error: string } | undefined;
  if (event && 'error' in event) return { ok: false, problem: 'invalid', message: event.error };
  return { ok: true, revision, ...(event ? { event } : {}) };
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
