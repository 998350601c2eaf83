/*
 * What changed between two versions of a change file's JSON object, as a journal record can carry it: the
 * top-level fields whose value differs (whole), arrays as "keep the first n elements, then these" (a history
 * line added, one checklist item ticked), and the fields that are gone. Generic over JSON objects: it knows
 * nothing of changes, so that a new field is carried without code here.
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

export interface FieldDelta {
  /** Fields set to these values. */
  set?: JsonObject;
  /** Array fields: the first `keep` elements of the base's array, then `add`. */
  tail?: Record<string, { keep: number; add: Json[] }>;
  /** Fields the new version does not have. */
  unset?: string[];
}

const text = (value: Json): string | undefined => JSON.stringify(value);

/** The delta that turns `base` into `next`; both as JSON.stringify sees them (undefined fields are absent). */
export function diffFields(base: JsonObject, next: JsonObject): FieldDelta {
  const delta: FieldDelta = {};
  for (const [key, value] of Object.entries(next)) {
    const after = text(value);
    if (after === undefined) continue;
    const was = base[key];
    const before = text(was);
    if (before === after) continue;
    if (Array.isArray(value) && Array.isArray(was)) {
      let keep = 0;
      const limit = Math.min(value.length, was.length);
      while (keep < limit && text(value[keep]) === text(was[keep])) keep += 1;
      // Whole when nothing is shared: the tail form would only add its own keys.
      if (keep > 0) {
        (delta.tail ??= {})[key] = { keep, add: JSON.parse(text(value.slice(keep))!) as Json[] };
        continue;
      }
    }
    (delta.set ??= {})[key] = JSON.parse(after) as Json;
  }
  for (const key of Object.keys(base)) {
    if (text(base[key]) !== undefined && text(next[key]) === undefined) (delta.unset ??= []).push(key);
  }
  return delta;
}

/** `base` with `delta` applied: a new object; `base` is left as it is. */
export function applyFields(base: JsonObject, delta: FieldDelta): JsonObject {
  const next: JsonObject = { ...base };
  for (const key of delta.unset ?? []) delete next[key];
  for (const [key, value] of Object.entries(delta.set ?? {})) next[key] = value;
  for (const [key, { keep, add }] of Object.entries(delta.tail ?? {})) {
    const was = base[key];
    if (!Array.isArray(was) || was.length < keep) {
      throw new Error(
        `the delta keeps ${keep} elements of ${key}, the base has ${Array.isArray(was) ? was.length : 'none'}`,
      );
    }
    next[key] = [...was.slice(0, keep), ...add];
  }
  return next;
}
