import type { z } from 'zod';

/** Edits (insert, delete, replace, swap two neighbours) from one word to another, case ignored. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/** The known name closest to a typo, when it is close enough to be what was meant. */
export function closest(typo: string, known: readonly string[]): string | undefined {
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const edits = distance(typo, name);
    if (!best || edits < best.edits) best = { name, edits };
  }
  if (!best) return undefined;
  return best.edits <= Math.max(1, Math.floor(Math.min(typo.length, best.name.length) / 3))
    ? best.name
    : undefined;
}

interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

function definitionOf(schema: z.ZodType): Definition {
  return (schema as unknown as { def: Definition }).def;
}

/** The field names an object schema accepts at `path` (through lists, optional values and transforms). */
export function fieldsAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let candidates: z.ZodType[] = [schema];
  const unwrap = (nodes: z.ZodType[]): z.ZodType[] =>
    nodes.flatMap((node) => {
      const def = definitionOf(node);
      if (def.innerType) return unwrap([def.innerType]);
      if (def.type === 'pipe' && def.in) return unwrap([def.in]);
      if (def.type === 'union' && def.options) return unwrap(def.options);
      return [node];
    });
  for (const step of path) {
    candidates = unwrap(candidates).flatMap((node) => {
      const def = definitionOf(node);
      if (typeof step === 'number') return def.element ? [def.element] : [];
      const field = def.shape?.[String(step)];
      return field ? [field] : [];
    });
  }
  return [...new Set(unwrap(candidates).flatMap((node) => Object.keys(definitionOf(node).shape ?? {})))];
}
