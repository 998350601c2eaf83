import type { Delivery } from '../app/delivery';
import type { Leadership } from '../store/leadership';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger, Mailer } from '../app/ports';
import type { AppConfig } from '../config/env';
import type { ProcessDefinition } from '../domain/process';
import type { ReadinessLimits } from '../health/botReadiness';
import type { ReadinessCheck } from '../health/readiness';
import type { IntakeLimits } from '../http/intakeBudget';
import type { RunningScheduler } from '../scheduler/cron';
import type { TickHeartbeat } from '../scheduler/heartbeat';
import type { LeaseTiming } from '../store/createStore';
import type { ChangeStore } from '../store/types';

export interface BotOptions {
  config: AppConfig;
  process: ProcessDefinition;
  logger: Logger;
  clock?: Clock;
  /** Defaults to Graph when config.graph is set, else the .eml outbox under DATA_DIR. */
  mailer?: Mailer;
  /** Each webhook's secret by the name of its variable (config/webhookSecrets.ts); main reads them. */
  webhookSecrets?: ReadonlyMap<string, string>;
  /** How long a Bot Connector call may take before the outbox retries it (default 15 s). */
  connectorTimeoutMs?: number;
  /** How long a chat reply may hold the user's turn on the Bot Connector (default 800 ms). */
  replyWaitMs?: number;
  store?: ChangeStore;
  /** false: no cron; tests call `tick()` themselves with a fake clock (readiness sees those ticks). */
  schedule?: boolean;
  /** More named checks behind /readyz, beside DATA_DIR, scheduler and outbox (see src/health/readiness.ts). */
  readinessChecks?: ReadinessCheck[];
  /** Readiness limits; the defaults suit production. */
  readiness?: ReadinessLimits;
  /** Shorter leader leases for tests (STORE=blob only). */
  lease?: LeaseTiming;
  /** How much request body is read at once and how long it may take (benchmarks, tests); defaults otherwise. */
  intakeLimits?: Partial<IntakeLimits>;
}

export interface RunningBot {
  port: number;
  store: ChangeStore;
  lifecycle: Lifecycle;
  delivery: Delivery;
  leadership: Leadership;
  tick: () => Promise<void>;
  /** Every tick's start and end, as readiness sees them. */
  heartbeat: TickHeartbeat;
  /** The cron task, when `schedule` is not false. */
  scheduler?: RunningScheduler;
  stop(): Promise<void>;
}

/** What every part of the wiring reads: the settings, the process, the log and the clock. */
export interface Wiring {
  config: AppConfig;
  proc: ProcessDefinition;
  logger: Logger;
  clock: Clock;
}
