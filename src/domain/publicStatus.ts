import type { Change, MaintenanceWindow } from './change';
import type { PublicText } from './publicText';

/*
 * What the people affected by a maintenance may see of it: a view of the stored changes and the clock, never a
 * separate data entry. Only public fields leave this module — service, title, window, downtime and a state —
 * so descriptions, rollback plans, names and e-mail addresses cannot reach the status page or its feeds.
 */

/** How a service is doing right now, as its users see it. */
export type ServiceState = 'operational' | 'maintenance' | 'incident';

/** Where an announced window stands. */
export type WindowState =
  'upcoming' | 'tentative' | 'inProgress' | 'incident' | 'completed' | 'restored' | 'handedOff' | 'cancelled';

/** Something users were told about, one entry each in the Atom feed and the page's history. */
export type PublicEventKind =
  | 'announced'
  | 'rescheduled'
  | 'started'
  | 'extended'
  | 'incident'
  | 'restored'
  | 'handedOff'
  | 'completed'
  | 'cancelled';

export interface PublicEvent {
  kind: PublicEventKind;
  /** ISO instant. */
  at: string;
  /** For an extension: the new end. */
  newEnd?: string;
}

/** An announced maintenance, public fields only. */
export interface PublicWindow {
  /** The change id, used only as a stable identifier for feed entries and calendar events. */
  ref: string;
  service: string;
  title: string;
  window: MaintenanceWindow;
  /** The end announced before any extension. */
  plannedEnd: string;
  downtimeMinutes: number;
  state: WindowState;
  /** Bumped with every public event, so calendar clients replace the event. */
  sequence: number;
  events: PublicEvent[];
  /** The typed public texts per language; `title` and `summary` are set from them per reader (publicStatusText). */
  publicText?: PublicText;
  summary?: string;
}

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  /** The windows under way now (normally one), with their possibly extended end. */
  current: PublicWindow[];
  /** Announced windows still to come, soonest first. */
  upcoming: PublicWindow[];
  /** Windows that ended, or were called off, in the last `historyDays`, latest first. */
  history: PublicWindow[];
}

export interface PublicStatus {
  services: ServiceStatus[];
  /** Every public event of the shown windows, latest first; `index` is its place in the window's events. */
  events: Array<PublicEvent & { window: PublicWindow; index: number }>;
}

export const HISTORY_DAYS = 90;
/**
 * Entry limits: the page lists at most this many past windows per service, and the Atom feed carries at most
 * this many events (the latest; see atomEvents). A busy term (hundreds of changes in 90 days) must not make every reader download megabytes.
 */
export const MAX_HISTORY_PER_SERVICE = 25;
export const MAX_EVENTS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The public events of a change, in order, read from its history; internal steps are left out. */
function publicEvents(change: Change): PublicEvent[] {
  const events: PublicEvent[] = [];
  let extension = 0;
  let announced = false;
  for (const entry of change.history) {
    if (!entry.accepted) continue;
    switch (entry.event) {
      case 'go':
        events.push({ kind: 'announced', at: entry.at });
        announced = true;
        break;
      case 'reschedule':
        if (announced) events.push({ kind: 'rescheduled', at: entry.at });
        break;
      case 'milestone.start':
        if (announced) events.push({ kind: 'started', at: entry.at });
        break;
      case 'extend': {
        const record = change.extensions[extension++];
        events.push({ kind: 'extended', at: entry.at, ...(record ? { newEnd: record.newEnd } : {}) });
        break;
      }
      case 'incident':
        events.push({ kind: 'incident', at: entry.at });
        break;
      case 'restored':
        events.push({ kind: 'restored', at: entry.at });
        break;
      case 'restore.failed':
        events.push({ kind: 'handedOff', at: entry.at });
        break;
      case 'done':
        events.push({ kind: 'completed', at: entry.at });
        break;
      case 'cancel':
        if (announced) events.push({ kind: 'cancelled', at: entry.at });
        break;
      default:
        break;
    }
  }
  return events;
}

function windowState(change: Change, now: Date): WindowState | undefined {
  switch (change.status) {
    case 'approved':
      // The tick may not have run the start milestone yet: the clock says the window is open.
      return now.getTime() >= Date.parse(change.window.start) ? 'inProgress' : 'upcoming';
    case 'planned':
      // Announced, then moved: the new window waits for a new GO.
      return change.announced ? 'tentative' : undefined;
    case 'running':
    case 'debugging':
      return 'inProgress';
    case 'incident':
      return 'incident';
    case 'completed':
      return 'completed';
    case 'restored':
      return 'restored';
    case 'handedOff':
      return 'handedOff';
    case 'cancelled':
    case 'rejected':
    case 'blocked':
      return change.announced ? 'cancelled' : undefined;
  }
}

/** The public projection of one change, or undefined when it was never announced. */
export function publicWindow(change: Change, now: Date): PublicWindow | undefined {
  const state = windowState(change, now);
  if (!state) return undefined;
  const events = publicEvents(change);
  // Withdrawn at the reminder (no GO) or after a NOGO on a rescheduled window: users were told it would happen.
  if (state === 'cancelled' && !events.some((event) => event.kind === 'cancelled')) {
    events.push({ kind: 'cancelled', at: change.updatedAt });
  }
  return {
    ref: change.id,
    service: change.service,
    title: change.title,
    window: { ...change.window },
    plannedEnd: change.plannedEnd,
    downtimeMinutes: change.downtimeMinutes,
    state,
    sequence: events.length,
    events,
    ...(change.publicText ? { publicText: change.publicText } : {}),
  };
}

const FINISHED: readonly WindowState[] = ['completed', 'restored', 'handedOff', 'cancelled'];

function finishedAt(window: PublicWindow): number {
  const last = window.events.at(-1);
  return Math.max(Date.parse(window.window.end), last ? Date.parse(last.at) : 0);
}

/**
 * The status page's content at `now`: one entry per service (the configured ones first, in their order, then
 * any other service a stored change names), each with its state, current, upcoming and recent windows.
 */
export function publicStatus(
  changes: readonly Change[],
  now: Date,
  options: { services: readonly string[]; historyDays?: number; maxHistory?: number },
): PublicStatus {
  const maxHistory = options.maxHistory ?? MAX_HISTORY_PER_SERVICE;
  const since = now.getTime() - (options.historyDays ?? HISTORY_DAYS) * DAY_MS;
  const windows = changes
    .map((change) => publicWindow(change, now))
    .filter((window): window is PublicWindow => window !== undefined)
    .filter((window) => !FINISHED.includes(window.state) || finishedAt(window) >= since);

  const names = [...options.services];
  for (const window of windows) if (!names.includes(window.service)) names.push(window.service);

  const services = names.map((name): ServiceStatus => {
    const mine = windows.filter((window) => window.service === name);
    const current = mine
      .filter((window) => window.state === 'inProgress' || window.state === 'incident')
      .sort(byStart);
    const upcoming = mine
      .filter((window) => window.state === 'upcoming' || window.state === 'tentative')
      .sort(byStart);
    const history = mine
      .filter((window) => FINISHED.includes(window.state))
      .sort((a, b) => finishedAt(b) - finishedAt(a))
      .slice(0, maxHistory);
    const state: ServiceState = current.some((window) => window.state === 'incident')
      ? 'incident'
      : current.length > 0
        ? 'maintenance'
        : 'operational';
    return { name, state, current, upcoming, history };
  });

  const shown = new Set(
    services.flatMap((service) => [...service.current, ...service.upcoming, ...service.history]),
  );
  const events = windows
    .filter((window) => shown.has(window))
    .flatMap((window) => window.events.map((event, index) => ({ ...event, window, index })))
    .filter((event) => Date.parse(event.at) >= since)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return { services, events };
}

function byStart(a: PublicWindow, b: PublicWindow): number {
  return Date.parse(a.window.start) - Date.parse(b.window.start);
}

/** The events an Atom feed carries: the latest `max` (the list is latest first). */
export function atomEvents(status: PublicStatus, max = MAX_EVENTS): PublicStatus {
  return status.events.length <= max ? status : { ...status, events: status.events.slice(0, max) };
}
