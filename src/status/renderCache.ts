import { createHash } from 'node:crypto';
import type { PublicStatus } from '../domain/publicStatus';

/*
 * One rendering per service, language and format of the public pages, shared by every reader. During an
 * incident every user reloads /status at once: each request used to read every stored change and render
 * megabytes. Now the public view is built once and each rendering once; they are rebuilt when this process
 * writes a change (the write count moves), when a shown window starts or ends (the view changes by the clock
 * alone), and after `ttlMs` at the latest (another instance's writes, on a shared store, reach us this way).
 * While one rebuild runs, readers get the previous view (see staleForMs): a rebuild after a press must not
 * hold every reader, and /healthz, for the seconds it takes on a large store.
 */

export interface Rendering {
  type: string;
  body: Buffer;
  etag: string;
}

export interface RenderCacheDeps {
  /** Builds the public view at `now` (reads the stored changes). */
  read: (now: Date) => Promise<PublicStatus>;
  clock: () => Date;
  /** How many change writes this process made; a different value means the view may be stale. */
  writes?: () => number;
  ttlMs?: number;
  /** Renderings kept per view (a Host header is part of the Atom feed's key, and anyone may send one). */
  maxRenderings?: number;
  /**
   * While a stale view is rebuilt, readers get the stale one (no older than this) instead of waiting: during an
   * incident every press is a write, and a rebuild reads every active change. 0: readers always wait.
   */
  staleForMs?: number;
}

export const RENDER_TTL_MS = 60_000;
export const STALE_FOR_MS = 5 * 60_000;
const MAX_RENDERINGS = 64;

interface View {
  status: PublicStatus;
  writes: number;
  builtAt: number;
  validUntil: number;
  renderings: Map<string, Rendering>;
}

/** The first instant after `now` at which a shown window starts or ends: the view changes then by itself. */
function nextBoundary(status: PublicStatus, now: number): number {
  let next = Infinity;
  for (const service of status.services) {
    for (const window of [...service.current, ...service.upcoming]) {
      for (const instant of [Date.parse(window.window.start), Date.parse(window.window.end)]) {
        if (instant > now && instant < next) next = instant;
      }
    }
  }
  return next;
}

export function etagOf(type: string, body: Buffer | string): string {
  return `"${createHash('sha256').update(type).update('\0').update(body).digest('base64url').slice(0, 27)}"`;
}

export function createRenderCache(deps: RenderCacheDeps) {
  const ttlMs = deps.ttlMs ?? RENDER_TTL_MS;
  const maxRenderings = deps.maxRenderings ?? MAX_RENDERINGS;
  let current: View | undefined;
  let building: Promise<View> | undefined;

  function fresh(view: View | undefined, now: number): boolean {
    // A clock that went back (or a test that set it back) is a stale view too.
    return (
      view !== undefined &&
      view.writes === (deps.writes?.() ?? 0) &&
      now >= view.builtAt &&
      now < view.validUntil
    );
  }

  function view(): Promise<View> {
    const now = deps.clock().getTime();
    if (current && fresh(current, now)) return Promise.resolve(current);
    const stale =
      current !== undefined && now >= current.builtAt && now < current.builtAt + (deps.staleForMs ?? 0)
        ? current
        : undefined;
    // Readers arriving while the view is built wait for that one build (or take the stale one), never start their own.
    building ??= (async () => {
      // Counted before reading: a write during the read leaves the view stale, and the next reader rebuilds.
      const writes = deps.writes?.() ?? 0;
      const status = await deps.read(new Date(now));
      const built: View = {
        status,
        writes,
        builtAt: now,
        validUntil: Math.min(now + ttlMs, nextBoundary(status, now)),
        renderings: new Map(),
      };
      current = built;
      return built;
    })().finally(() => {
      building = undefined;
    });
    if (!stale) return building;
    // Nobody waits for this build: a failure is left for the next reader without a stale view to report.
    building.catch(() => undefined);
    return Promise.resolve(stale);
  }

  return {
    /** The public view (cached), for what is decided before rendering (e.g. an unknown service). */
    async status(): Promise<PublicStatus> {
      return (await view()).status;
    },
    /** The rendering under `key`, made by `render` from the cached view when there is none yet. */
    async rendering(
      key: string,
      render: (status: PublicStatus) => { type: string; body: string },
    ): Promise<Rendering> {
      const shared = await view();
      const kept = shared.renderings.get(key);
      if (kept) return kept;
      const { type, body } = render(shared.status);
      const bytes = Buffer.from(body, 'utf8');
      const made: Rendering = { type, body: bytes, etag: etagOf(type, bytes) };
      if (shared.renderings.size >= maxRenderings) shared.renderings.clear();
      shared.renderings.set(key, made);
      return made;
    },
  };
}

export type RenderCache = ReturnType<typeof createRenderCache>;
