import { DateTime } from 'luxon';
import type { Actor, Change, ChangeStatus, HistoryEntry } from '../../src/domain/change';
import { makeChange } from './changeFactory';

/*
 * A generated history of 200 changes whose outcomes follow simple rules on the change's number i (0…199),
 * so that every figure can be worked out by hand (see the expected values in test/domain/stats.test.ts):
 * - month: January + (i mod 10) of 2026; window 20:00–23:00 Zurich on day 1 + (⌊i/10⌋ mod 20);
 * - outcome by k = i mod 20: 0–13 completed, 14–15 restored, 16 handed off (restore failed), 17–19 cancelled;
 * - extensions: i mod 4 = 0 → one of 30 min; i mod 8 = 0 → a second one of 15 min;
 * - incidents (k 14, 15, 16) are declared 60 min into the window; a restore takes 20 + 5·⌊i/20⌋ min,
 *   plus 100 min when k = 15;
 * - created 10 days before the window when i mod 5 = 0, exactly 21 days when i mod 50 = 1, else 30 days;
 *   expedited when i mod 10 = 0;
 * - GO for every change that was not cancelled; before it a NOGO when i mod 25 = 3; k = 17 got a NOGO only
 *   (then cancelled); k = 18, 19 were cancelled before any decision;
 * - snapshot measured (Started → Done) when i mod 10 = 2: 140 + ⌊i/10⌋ min; when i mod 50 = 7 and the change
 *   ran: 150 + 10·⌊i/50⌋ min; k = 19 started a snapshot and never marked it done;
 * - a review after trouble on k = 14 and k = 16.
 */

const ZONE = 'Europe/Zurich';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const who: Actor = { aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001', name: 'Ines Implementer' };

function outcomeOf(k: number): ChangeStatus {
  if (k <= 13) return 'completed';
  if (k <= 15) return 'restored';
  if (k === 16) return 'handedOff';
  return 'cancelled';
}

const iso = (ms: number) => new Date(ms).toISOString();

export function generatedChange(i: number): Change {
  const k = i % 20;
  const start = DateTime.fromObject(
    { year: 2026, month: 1 + (i % 10), day: 1 + (Math.floor(i / 10) % 20), hour: 20 },
    { zone: ZONE },
  );
  const startMs = start.toMillis();
  const status = outcomeOf(k);
  const ran = status !== 'cancelled';
  const leadDays = i % 5 === 0 ? 10 : i % 50 === 1 ? 21 : 30;
  const createdAt = iso(startMs - leadDays * DAY);
  const history: HistoryEntry[] = [{ at: createdAt, by: who, event: 'create', accepted: true, revision: 1 }];
  const verdict = (event: 'go' | 'nogo') =>
    history.push({
      at: iso(startMs - 7 * DAY),
      by: who,
      event,
      accepted: true,
      revision: history.length + 1,
    });
  if (ran && i % 25 === 3) verdict('nogo');
  if (ran) verdict('go');
  if (k === 17) verdict('nogo');
  // A refused press is in the history too: it must not count as a decision.
  if (k === 18) history.push({ at: createdAt, by: who, event: 'go', accepted: false, revision: 1 });

  let end = startMs + 3 * 60 * MINUTE;
  const extensions: Change['extensions'] = [];
  const extend = (minutes: number) => {
    extensions.push({
      extraMinutes: minutes,
      previousEnd: iso(end),
      newEnd: iso(end + minutes * MINUTE),
      by: who,
      at: iso(end - 30 * MINUTE),
    });
    end += minutes * MINUTE;
  };
  if (i % 4 === 0) extend(30);
  if (i % 8 === 0) extend(15);

  const overrides: Partial<Change> = {
    id: `CHG-2026-${String(i + 1).padStart(3, '0')}`,
    title: `Generated change ${i}`,
    window: { start: iso(startMs), end: iso(end) },
    plannedEnd: iso(startMs + 3 * 60 * MINUTE),
    status,
    expedited: i % 10 === 0,
    createdAt,
    extensions,
    history,
    snapshot: { state: 'none' },
  };
  if (k === 14 || k === 15 || k === 16) {
    const declaredAt = startMs + 60 * MINUTE;
    const restoreMinutes = 20 + 5 * Math.floor(i / 20) + (k === 15 ? 100 : 0);
    overrides.incident = {
      declaredAt: iso(declaredAt),
      by: who,
      outcome: k === 16 ? 'failed' : 'restored',
      outcomeAt: iso(declaredAt + restoreMinutes * MINUTE),
    };
  }
  const snapshotAt = startMs - 4 * 60 * MINUTE;
  const measured =
    i % 10 === 2 ? 140 + Math.floor(i / 10) : ran && i % 50 === 7 ? 150 + 10 * Math.floor(i / 50) : undefined;
  if (measured !== undefined)
    overrides.snapshot = {
      state: 'done',
      startedAt: iso(snapshotAt),
      doneAt: iso(snapshotAt + measured * MINUTE),
      by: who,
    };
  if (k === 19) overrides.snapshot = { state: 'started', startedAt: iso(snapshotAt), by: who };
  if (k === 14 || k === 16) {
    overrides.review = {
      after: k === 14 ? 'restored' : 'restoreFailed',
      whatHappened: `Migration ${i} broke the quiz plugin`,
      whatHelped: 'The data snapshot was fresh',
      oneChange: `Rehearse migration ${i} on a copy first`,
      by: who,
      at: iso(end + 60 * MINUTE),
    };
  }
  return makeChange(overrides);
}

/** The 200 generated changes, in number order. */
export function generatedHistory(): Change[] {
  return Array.from({ length: 200 }, (_, i) => generatedChange(i));
}
