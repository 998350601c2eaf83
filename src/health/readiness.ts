import type { Clock, Logger } from '../app/ports';

/**
 * What one readiness check found.
 * - ok: nothing to report.
 * - degraded: the bot serves, but an operator should look (still 200, so it is not taken out of service).
 * - failing: the bot cannot do its job; /readyz answers 503 and names the check.
 */
export type CheckState = 'ok' | 'degraded' | 'failing';

export interface CheckResult {
  state: CheckState;
  /** One short sentence for the operator: what is wrong and, when failing or degraded, what to do. */
  detail?: string;
}

/**
 * One named check behind /readyz. `run` may be slow or throw: a throw counts as failing with the error's
 * message, and a run that takes longer than the readiness time limit counts as failing too.
 * Add one by passing it to startBot's `readinessChecks`.
 */
export interface ReadinessCheck {
  /** Stable, lower-case name, shown in the JSON (`dataDir`, `scheduler`, `outbox`, ...). */
  name: string;
  run(): Promise<CheckResult>;
}

export interface CheckReport extends CheckResult {
  name: string;
}

export interface ReadinessReport {
  /** ready and degraded answer 200; starting, stopping and not-ready answer 503. */
  status: 'starting' | 'ready' | 'degraded' | 'not-ready' | 'stopping';
  checks: CheckReport[];
  /** Names of the failing checks (only when there are some). */
  failing?: string[];
  /** Names of the degraded checks (only when there are some). */
  degraded?: string[];
}

export interface Readiness {
  /** The cached report, or a fresh one when it is older than the cache time. */
  report(): Promise<ReadinessReport>;
  /** Start-up is over: the checks run from now on. */
  started(): void;
  /** Shutdown began: answer 503 at once. */
  stopping(): void;
}

export interface ReadinessOptions {
  checks: readonly ReadinessCheck[];
  clock: Clock;
  logger: Logger;
  /** How long a report is reused: probes from a load balancer every second do not each write to the disk. */
  cacheMs?: number;
  /** A check that has not answered by then is failing: a hung mount must not hang /readyz. */
  checkTimeoutMs?: number;
}

export const READINESS_DEFAULTS = { cacheMs: 5_000, checkTimeoutMs: 2_000 };

export function isServing(report: ReadinessReport): boolean {
  return report.status === 'ready' || report.status === 'degraded';
}

/**
 * The answer of GET /readyz: every check, run together, at most once per `cacheMs` of the bot's clock (a
 * clock that goes back also ends the cached report). Changes of a check's state are logged once, not at
 * every probe.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const cacheMs = options.cacheMs ?? READINESS_DEFAULTS.cacheMs;
  const checkTimeoutMs = options.checkTimeoutMs ?? READINESS_DEFAULTS.checkTimeoutMs;
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let cached: { at: number; report: ReadinessReport } | undefined;
  let running: Promise<ReadinessReport> | undefined;
  const lastStates = new Map<string, CheckState>();

  async function runOne(check: ReadinessCheck): Promise<CheckReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ state: 'failing', detail: `no answer within ${checkTimeoutMs} ms` }),
        checkTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([
        check.run().catch((error: unknown): CheckResult => ({
          state: 'failing',
          detail: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
        })),
        timeout,
      ]);
      return { name: check.name, state: result.state, ...(result.detail ? { detail: result.detail } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  function logChanges(checks: CheckReport[]): void {
    for (const check of checks) {
      const before = lastStates.get(check.name) ?? 'ok';
      lastStates.set(check.name, check.state);
      if (before === check.state) continue;
      const details = { check: check.name, state: check.state, was: before, detail: check.detail };
      if (check.state === 'ok') options.logger.info(details, 'readiness check recovered');
      else if (check.state === 'degraded') options.logger.warn(details, 'readiness check degraded');
      else options.logger.error(details, 'readiness check failing: /readyz answers 503');
    }
  }

  async function compute(): Promise<ReadinessReport> {
    const checks = await Promise.all(options.checks.map(runOne));
    logChanges(checks);
    const failing = checks.filter((check) => check.state === 'failing').map((check) => check.name);
    const degraded = checks.filter((check) => check.state === 'degraded').map((check) => check.name);
    return {
      status: failing.length > 0 ? 'not-ready' : degraded.length > 0 ? 'degraded' : 'ready',
      checks,
      ...(failing.length > 0 ? { failing } : {}),
      ...(degraded.length > 0 ? { degraded } : {}),
    };
  }

  return {
    async report() {
      if (phase === 'starting') return { status: 'starting', checks: [] };
      if (phase === 'stopping') return { status: 'stopping', checks: [] };
      const now = options.clock().getTime();
      if (cached && now >= cached.at && now - cached.at < cacheMs) return cached.report;
      // Probes that arrive while the checks run share that run.
      running ??= compute()
        .then((report) => {
          cached = { at: now, report };
          return report;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    started() {
      phase = 'running';
    },
    stopping() {
      phase = 'stopping';
    },
  };
}
