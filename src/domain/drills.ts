import type { Actor } from './change';

/**
 * Restore drills: the team restores a service on purpose, outside any change, to learn how long a restore
 * path really takes. The process file's figure ("about 1 h") is what the team plans with; the drills say
 * whether it still holds.
 */
export interface RestoreDrill {
  id: string;
  service: string;
  /** The restore path drilled; chosen when the drill starts. */
  path?: string;
  state: 'ready' | 'running' | 'restored' | 'abandoned';
  createdAt: string;
  createdBy: Actor;
  startedAt?: string;
  endedAt?: string;
  note?: string;
  /** Who pressed last. */
  by?: Actor;
}

/** A snapshot taken before a change, timed by the snapshot card's Started and Done presses. */
export interface SnapshotTiming {
  changeId: string;
  service: string;
  startedAt: string;
  doneAt: string;
}

export type DrillStep = { ok: true; drill: RestoreDrill } | { ok: false; message: string };

/** A figure the drills measured exceeds the process file's by more than this share: the cards warn. */
export const DRIFT_TOLERANCE = 0.2;
/** How many recent measurements the median is taken over. */
export const RECENT = 3;

/**
 * Finished drills kept per service and restore path: the cards use the last one and the median of the last
 * RECENT; older ones are deleted, so that repeated drills cannot grow the store (or every start's read).
 */
export const KEEP_FINISHED = 20;

/** Who may run a service's drills: its approvers and the people its process file entry names as `drillers`. */
export interface DrillPeople {
  approvers: readonly { aadObjectId: string; name: string }[];
  drillers?: readonly { aadObjectId: string; name: string }[] | undefined;
}

export function mayRunDrill(by: Actor, people: DrillPeople): boolean {
  return [...people.approvers, ...(people.drillers ?? [])].some(
    (person) => person.aadObjectId === by.aadObjectId,
  );
}

/** The refusal for anyone else, naming who may. */
export function drillRefusal(service: string, people: DrillPeople): string {
  const names = [...people.approvers, ...(people.drillers ?? [])].map((person) => person.name).join(', ');
  return (
    `Only the approvers of ${service} and the people its process file names for drills may start or finish ` +
    `one (${names}). Ask one of them, or ask the process owner to add you to "drillers".`
  );
}

/** The drill of `service` not yet finished (ready or running), if there is one: a service has one at a time. */
export function openDrillOf(drills: readonly RestoreDrill[], service: string): RestoreDrill | undefined {
  return drills
    .filter((d) => d.service === service && (d.state === 'ready' || d.state === 'running'))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
}

/** The finished drills of `service` past the KEEP_FINISHED latest of each restore path: the ones to delete. */
export function drillsToForget(drills: readonly RestoreDrill[], service: string): RestoreDrill[] {
  const finished = drills
    .filter((d) => d.service === service && (d.state === 'restored' || d.state === 'abandoned'))
    .sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  const kept = new Map<string, number>();
  return finished.filter((d) => {
    const count = (kept.get(d.path ?? '') ?? 0) + 1;
    kept.set(d.path ?? '', count);
    return count > KEEP_FINISHED;
  });
}

export function newDrill(id: string, service: string, by: Actor, at: Date): RestoreDrill {
  return { id, service, state: 'ready', createdAt: at.toISOString(), createdBy: by };
}

export function startDrill(
  drill: RestoreDrill,
  path: string,
  knownPaths: readonly string[],
  by: Actor,
  at: Date,
): DrillStep {
  if (drill.state !== 'ready')
    return { ok: false, message: `This drill was already ${drillStateText(drill)}.` };
  if (!knownPaths.includes(path)) {
    return {
      ok: false,
      message: `Choose which restore path you drill: ${knownPaths.join(', ')}.`,
    };
  }
  return { ok: true, drill: { ...drill, path, state: 'running', startedAt: at.toISOString(), by } };
}

export function finishDrill(
  drill: RestoreDrill,
  outcome: 'restored' | 'abandoned',
  note: string,
  by: Actor,
  at: Date,
): DrillStep {
  if (drill.state === 'ready')
    return { ok: false, message: 'Press Started first: the drill is timed from there.' };
  if (drill.state !== 'running')
    return { ok: false, message: `This drill was already ${drillStateText(drill)}.` };
  const trimmed = note.trim();
  return {
    ok: true,
    drill: {
      ...drill,
      state: outcome,
      endedAt: at.toISOString(),
      by,
      ...(trimmed ? { note: trimmed } : {}),
    },
  };
}

function drillStateText(drill: RestoreDrill): string {
  return drill.state === 'running' ? 'started' : drill.state;
}

/** How long a finished drill's restore took; only a drill that restored measures anything. */
export function drillDurationMs(drill: RestoreDrill): number | undefined {
  if (drill.state !== 'restored' || !drill.startedAt || !drill.endedAt) return undefined;
  return Date.parse(drill.endedAt) - Date.parse(drill.startedAt);
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the drills of one restore path of one service say. */
export interface DrillFigures {
  last?: { durationMs: number; at: string };
  /** Median of the last RECENT restored drills. */
  recentMedianMs?: number;
  count: number;
}

export function drillFigures(drills: readonly RestoreDrill[], service: string, path: string): DrillFigures {
  const measured = drills
    .filter((d) => d.service === service && d.path === path)
    .flatMap((d) => {
      const durationMs = drillDurationMs(d);
      return durationMs === undefined ? [] : [{ durationMs, at: d.endedAt! }];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
  const last = measured.at(-1);
  const recentMedianMs = median(measured.slice(-RECENT).map((m) => m.durationMs));
  return {
    count: measured.length,
    ...(last ? { last } : {}),
    ...(recentMedianMs !== undefined ? { recentMedianMs } : {}),
  };
}

/** The drills' median exceeds the process file's figure by more than DRIFT_TOLERANCE. */
export function exceedsProcessFigure(medianMs: number | undefined, processMs: number): boolean {
  return medianMs !== undefined && medianMs > processMs * (1 + DRIFT_TOLERANCE);
}

/** The snapshot duration the reminder plans with: the process figure, or the measured median when longer. */
export interface SnapshotFigure {
  durationMs: number;
  source: 'process' | 'measured';
  processMs: number;
  measuredMedianMs?: number;
  measuredCount: number;
}

export function snapshotFigure(
  timings: readonly SnapshotTiming[],
  service: string,
  processMs: number,
): SnapshotFigure {
  const recent = timings
    .filter((t) => t.service === service)
    .sort((a, b) => a.doneAt.localeCompare(b.doneAt))
    .slice(-RECENT)
    .map((t) => Date.parse(t.doneAt) - Date.parse(t.startedAt))
    .filter((ms) => ms > 0);
  const measuredMedianMs = median(recent);
  const longer = measuredMedianMs !== undefined && measuredMedianMs > processMs;
  return {
    durationMs: longer ? measuredMedianMs : processMs,
    source: longer ? 'measured' : 'process',
    processMs,
    measuredCount: recent.length,
    ...(measuredMedianMs !== undefined ? { measuredMedianMs } : {}),
  };
}

/** A change's snapshot, timed from its Started to its Done press; undefined unless both were pressed. */
export function snapshotTiming(change: {
  id: string;
  service: string;
  snapshot: { state: string; startedAt?: string; doneAt?: string };
}): SnapshotTiming | undefined {
  const { startedAt, doneAt, state } = change.snapshot;
  if (state !== 'done' || !startedAt || !doneAt || Date.parse(doneAt) <= Date.parse(startedAt))
    return undefined;
  return { changeId: change.id, service: change.service, startedAt, doneAt };
}
