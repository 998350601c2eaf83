import { plainLine } from './plainText';

/**
 * Text from outside (names, ids, verbs) cut to a length before it is stored, logged or shown: one line, no
 * control characters, at most `max` characters (an ellipsis marks a cut).
 */
export function boundedText(text: string, max: number): string {
  // Controls become spaces (a name's line break separates words); plainLine then drops what XML cannot carry.
  const oneLine = plainLine(text.slice(0, max * 4).replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')).trim();
  const chars = Array.from(oneLine);
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join('')}…`;
}

/** For log fields: any value as a short string. */
export function forLog(value: unknown, max = 64): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return boundedText(value, max);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `(${typeof value})`;
}
