import { normalizeChangeId } from '../domain/changeId';
import { plainLine } from '../domain/plainText';

/** The chat commands, after the @change mention is stripped. Pure: no botbuilder here. */
export type ChatCommand =
  | { name: 'new' }
  | { name: 'list' }
  | { name: 'help' }
  | { name: 'show'; id?: string }
  | { name: 'reschedule'; id?: string }
  | { name: 'cancel'; id?: string; reason?: string }
  | { name: 'notify'; setting?: 'on' | 'off' }
  /** `stats [service] [period]`: the words after `stats`, read by src/domain/statsQuery.ts. */
  | { name: 'stats'; args: string }
  /** `drill <service>`: the service name may have spaces; alone when the process has one service. */
  | { name: 'drill'; service?: string }
  | { name: 'unknown'; text: string };

// The id's pattern and its bound live in the domain; re-exported for the callers that import it from here.
export { normalizeChangeId };

/** Longer than any command with a cancel reason; the rest of a pasted essay is not read. */
export const MAX_COMMAND = 1200;

export function parseCommand(text: string): ChatCommand {
  const cleaned = text
    .slice(0, MAX_COMMAND)
    .replace(/&nbsp;/gi, ' ')
    .replace(/\u00a0/g, ' ')
    .trim();
  const [word = '', idText, ...rest] = cleaned.split(/\s+/, 200);
  const name = word.toLowerCase();
  const id = idText ? (normalizeChangeId(idText) ?? idText) : undefined;
  switch (name) {
    case 'new':
    case 'list':
    case 'help':
      return { name };
    case 'show':
    case 'reschedule':
      return { name, ...(id ? { id } : {}) };
    case 'cancel': {
      const reason = plainLine(rest.join(' ')).trim();
      return { name, ...(id ? { id } : {}), ...(reason ? { reason } : {}) };
    }
    case 'notify': {
      const setting = idText?.toLowerCase();
      return { name, ...(setting === 'on' || setting === 'off' ? { setting } : {}) };
    }
    case 'stats':
      return { name, args: cleaned.slice(word.length).trim() };
    case 'drill': {
      const service = cleaned.slice(word.length).trim();
      return { name, ...(service ? { service } : {}) };
    }
    default:
      return { name: 'unknown', text: cleaned };
  }
}

/** "Did you mean" compares the typed word with the newest ids only, and only an id-sized word. */
const MATCH_CANDIDATES = 500;
const MAX_TYPED_ID = 24;

/**
 * Ids that look like the one typed: same number or a small edit distance, best first. The work is bounded
 * whatever is typed and however many changes are stored: the number is looked up, and the edit distance
 * runs on at most MATCH_CANDIDATES ids of at most MAX_TYPED_ID characters.
 */
export function closeMatches(typed: string, ids: readonly string[], limit = 3): string[] {
  if (typed.length > MAX_TYPED_ID) return [];
  const target = typed.toUpperCase();
  const number = target.match(/(\d+)$/)?.[1]?.replace(/^0+/, '');
  const sameNumber = ids.filter((id) => number !== undefined && id.replace(/^.*-0*/, '') === number);
  const newest = [...ids].sort(byYearAndNumber).slice(-MATCH_CANDIDATES);
  const scored = [
    ...sameNumber.map((id) => ({ id, score: 0 })),
    ...newest.filter((id) => !sameNumber.includes(id)).map((id) => ({ id, score: editDistance(target, id) })),
  ];
  return scored
    .filter((entry) => entry.score <= 3)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((entry) => entry.id);
}

/** CHG-2026-999 before CHG-2026-1000 (a text sort would put it after). */
function byYearAndNumber(a: string, b: string): number {
  const parts = (id: string) => id.split('-').slice(1).map(Number);
  const [yearA = 0, numberA = 0] = parts(a);
  const [yearB = 0, numberB = 0] = parts(b);
  return yearA - yearB || numberA - numberB;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
