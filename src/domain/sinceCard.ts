import type { Change, HistoryEntry } from './change';
import type { ChangeEvent } from './events';
import { shortLocalTime } from './localTime';
import type { ProcessDefinition } from './process';
import { tablesOf } from './steps/lookup';

/*
 * A press counts only for what its presser saw. Every card's buttons carry the revision the change had when
 * the card was made, but the revision goes up with every write (a checklist tick, a milestone posted), so
 * "revision equal" would refuse good presses for changes that have nothing to do with them. Instead the
 * history says what happened after the card's revision, and only what changes what a card shows and a press
 * decides on makes the card out of date: the window (rescheduled, extended), the pre-check sent back, the
 * GO/NOGO, a cancellation. Those are the facts a GO, a NOGO, a snapshot or a Solved is given for.
 */
// Which events those are, each verb's step says (`outdatesCards`).

/**
 * Presses that do not depend on what changed: a checklist tick that says checked or not (not a toggle), and
 * the review written after the end (nothing that a card shows can change once a change is final).
 */
export function isTolerant(event: ChangeEvent): boolean {
  return (event.type === 'prep.check' && event.checked !== undefined) || event.type === 'review';
}

/** A toggle flips what it finds: pressed twice from one card it would flip back, so any write since counts. */
function isToggle(event: ChangeEvent): boolean {
  return event.type === 'prep.check' && event.checked === undefined;
}

function byName(entry: HistoryEntry): string {
  return entry.by === 'system' ? 'the bot' : entry.by.name;
}

/** "Thu 21 Jan 02:00–11:00", or "Thu 21 Jan, 22:00 – Fri 22 Jan, 04:00" across midnight. */
export function windowWords(window: Change['window'], timeZone: string): string {
  const start = shortLocalTime(window.start, timeZone);
  const end = shortLocalTime(window.end, timeZone);
  const [startDay, startTime] = start.split(', ');
  const [endDay, endTime] = end.split(', ');
  return startDay === endDay ? `${startDay} ${startTime}–${endTime}` : `${start} – ${end}`;
}

/** One line per fact that changed, in the reader's words, the latest state of each. */
function describe(entries: HistoryEntry[], change: Change, proc: ProcessDefinition): string[] {
  const lines: string[] = [];
  const events = new Set(entries.map((entry) => entry.event));
  if (events.has('reschedule'))
    lines.push(`the window moved to ${windowWords(change.window, proc.timeZone)}`);
  else if (events.has('extend'))
    lines.push(`the window was extended: it now ends ${shortLocalTime(change.window.end, proc.timeZone)}`);
  const last = (event: string) => [...entries].reverse().find((entry) => entry.event === event);
  const corrections = last('precheck.corrections');
  if (corrections) lines.push(`${byName(corrections)} sent the pre-check back for corrections`);
  const verdict = [...entries].reverse().find((entry) => entry.event === 'go' || entry.event === 'nogo');
  if (verdict) lines.push(`${byName(verdict)} decided ${verdict.event === 'go' ? 'GO' : 'NOGO'}`);
  const cancelled = last('cancel');
  if (cancelled) lines.push(`${byName(cancelled)} cancelled it`);
  return lines;
}

/**
 * Why a press made on the card of `revision` no longer counts, or undefined when it still does. The message
 * says what changed since that card ("the window moved to Thu 21 Jan 02:00–11:00"); the caller shows the
 * current card under it, so the presser can press again on what is true now.
 */
export function outdatedCard(
  change: Change,
  event: ChangeEvent,
  revision: number | undefined,
  proc: ProcessDefinition,
): string | undefined {
  // Typed commands (`cancel <id>` in a chat) come from no card; a tolerant press counts whatever changed.
  if (revision === undefined || isTolerant(event) || revision === change.revision) return undefined;
  const again = 'Here is the current card: press again if it is still what you want.';
  if (revision > change.revision) {
    return `That card does not come from ${change.id} as it is stored (its version is newer than the change's), so nothing was done. ${again}`;
  }
  if (isToggle(event)) {
    return `That card was out of date (${change.id} changed since), so the tick was not flipped. Nothing was done. ${again}`;
  }
  const since = change.history.filter(
    (entry) =>
      entry.accepted &&
      entry.revision > revision &&
      tablesOf(proc.steps).verbs.get(entry.event)?.outdatesCards === true,
  );
  if (since.length === 0) return undefined;
  return `That card is out of date: ${describe(since, change, proc).join(', and ')} since it was sent. Nothing was done. ${again}`;
}
