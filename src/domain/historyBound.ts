import type { Actor, HistoryEntry } from './change';

/*
 * A change's history stays bounded, whatever a person or a stuck client does:
 *  - the same checklist item toggled again and again by the same person, from the same card, with nothing in
 *    between, is one line with a count (as the same refusal repeated is, see decide.ts);
 *  - past HISTORY_LIMIT lines, the oldest repeatable lines (refusals and checklist ticks) are folded into one
 *    summary line that counts them. State changes (every other accepted event: GO, milestones, reschedules,
 *    extensions, ...) are always kept, so the public status, the stats and the cards read them as before.
 * A change file, and so each journal record of it, then stays about the same size however often it is pressed.
 */

/** Lines kept before repeatable ones are summarised; a summary brings the history down to 3/4 of it. */
export const HISTORY_LIMIT = 120;
export const SUMMARY_EVENT = 'history.summary';

const sameActor = (a: Actor | 'system', b: Actor | 'system') =>
  a === 'system' || b === 'system' ? a === b : a.aadObjectId === b.aadObjectId;

/** Lines that repeat without changing the change's state: they may be counted and summarised. */
function isRepeatable(entry: HistoryEntry): boolean {
  return !entry.accepted || entry.event === 'prep.check';
}

/**
 * The history with `entry` (an accepted checklist tick) added: folded into the last line when that line is
 * the same person's tick of the same item from the same card.
 */
export function withToggle(history: HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const last = history.at(-1);
  if (
    last !== undefined &&
    last.accepted &&
    last.event === 'prep.check' &&
    last.item !== undefined &&
    last.item === entry.item &&
    last.source === entry.source &&
    sameActor(last.by, entry.by)
  ) {
    const folded: HistoryEntry = { ...entry, count: (last.count ?? 1) + 1 };
    return [...history.slice(0, -1), folded];
  }
  return [...history, entry];
}

/** Folds the oldest repeatable lines into one summary line once the history is longer than the limit. */
export function boundHistory(history: HistoryEntry[], limit = HISTORY_LIMIT): HistoryEntry[] {
  if (history.length <= limit) return history;
  const target = Math.floor((limit * 3) / 4);
  let excess = history.length - target;
  let summary = history.find((entry) => entry.event === SUMMARY_EVENT);
  let folded = 0;
  let refusals = 0;
  let ticks = 0;
  let lastFolded: HistoryEntry | undefined;
  const kept: HistoryEntry[] = [];
  for (const entry of history) {
    if (excess > 0 && entry.event !== SUMMARY_EVENT && entry.event !== 'create' && isRepeatable(entry)) {
      const times = entry.count ?? 1;
      folded += times;
      if (entry.accepted) ticks += times;
      else refusals += times;
      lastFolded = entry;
      excess -= 1;
      if (summary === undefined) {
        summary = {
          at: entry.at,
          by: 'system',
          event: SUMMARY_EVENT,
          accepted: true,
          revision: entry.revision,
        };
        kept.push(summary);
      }
      continue;
    }
    kept.push(entry);
  }
  if (summary === undefined || lastFolded === undefined) return history; // nothing repeatable to fold
  const before = parseCounts(summary.note);
  const next: HistoryEntry = {
    ...summary,
    at: lastFolded.at,
    revision: lastFolded.revision,
    count: (summary.count ?? 0) + folded,
    note: noteOf(before.refusals + refusals, before.ticks + ticks),
  };
  return kept.map((entry) => (entry === summary ? next : entry));
}

function noteOf(refusals: number, ticks: number): string {
  return `earlier lines summarised: ${refusals} refused presses, ${ticks} checklist ticks`;
}

function parseCounts(note: string | undefined): { refusals: number; ticks: number } {
  const match = /(\d+) refused presses, (\d+) checklist ticks/.exec(note ?? '');
  return match ? { refusals: Number(match[1]), ticks: Number(match[2]) } : { refusals: 0, ticks: 0 };
}
