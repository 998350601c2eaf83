/**
 * The scheduler's real code path (tick → lifecycle → domain → store → delivery) over a JSON store on disk,
 * with scripted Teams and mail doubles and a fake clock. `restart()` builds everything again on the same
 * folder, as a new process would.
 */
import { promises as fs } from 'node:fs';
import { createDelivery, type Delivery } from '../../../src/app/delivery';
import { createLifecycle, type Lifecycle } from '../../../src/app/lifecycle';
import type { Change } from '../../../src/domain/change';
import type { ProcessDefinition } from '../../../src/domain/process';
import { ownerEmails } from '../../../src/domain/recipients';
import { createTick } from '../../../src/scheduler/tick';
import type { ChangeStore } from '../../../src/store/types';
import { recordingLogger, type LoggedLine } from '../../bot/support/harness';
import { formInput, implementer, testProcess, zurich } from '../../domain/support';
import { makeDataDir, openStore } from '../../store/support/storeFixture';
import { ScriptedMailer, ScriptedPoster } from '../../app/support/fakes';

export const MINUTE = 60_000;

export interface SchedulerFixture {
  process: ProcessDefinition;
  poster: ScriptedPoster;
  mailer: ScriptedMailer;
  logs: LoggedLine[];
  readonly store: ChangeStore;
  readonly lifecycle: Lifecycle;
  readonly delivery: Delivery;
  now(): Date;
  setNow(instant: Date): void;
  tick(): Promise<void>;
  /** Ticks at every minute after the clock up to and including `until`. */
  runUntil(until: Date): Promise<void>;
  /** Creates a change through the lifecycle (as the form does) at the current time; returns its id. */
  create(start: string, options?: Parameters<typeof formInput>[1]): Promise<string>;
  /** Waits for the deliveries that user actions queued. */
  settle(): Promise<void>;
  change(id: string): Promise<Change>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function schedulerFixture(start: Date): Promise<SchedulerFixture> {
  const dataDir = await makeDataDir();
  const process = testProcess();
  let now = start;
  const clock = () => new Date(now.getTime());
  const logs: LoggedLine[] = [];
  const logger = recordingLogger(logs);
  const poster = new ScriptedPoster(clock);
  const mailer = new ScriptedMailer(clock);
  const queued: Promise<void>[] = [];
  const stores: ChangeStore[] = [];

  async function build() {
    const store = await openStore(dataDir, { clock });
    stores.push(store);
    const delivery = createDelivery({
      store,
      poster,
      mailer,
      clock,
      logger,
      owners: (change) => ownerEmails(change, process),
    });
    const lifecycle = createLifecycle({
      store,
      process,
      clock,
      logger,
      onQueued: (id) => queued.push(delivery.deliver(id)),
    });
    const tick = createTick({ store, lifecycle, delivery, clock, logger });
    return { store, delivery, lifecycle, tick };
  }

  let parts = await build();
  const fixture: SchedulerFixture = {
    process,
    poster,
    mailer,
    logs,
    get store() {
      return parts.store;
    },
    get lifecycle() {
      return parts.lifecycle;
    },
    get delivery() {
      return parts.delivery;
    },
    now: clock,
    setNow(instant) {
      now = instant;
    },
    async tick() {
      await parts.tick();
      await fixture.settle();
    },
    async runUntil(until) {
      let minute = Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE;
      for (; minute <= until.getTime(); minute += MINUTE) {
        now = new Date(minute);
        await fixture.tick();
      }
    },
    async create(windowStart, options) {
      const result = await parts.lifecycle.submit(formInput(windowStart, options), implementer, {
        conversationKey: 'channel:19:test@thread.tacv2',
      });
      if (!result.ok) throw new Error(`Test bug: the form was refused: ${JSON.stringify(result.errors)}`);
      await fixture.settle();
      return result.change.id;
    },
    async settle() {
      while (queued.length > 0) await queued.shift();
    },
    async change(id) {
      const stored = await parts.store.get(id);
      if (!stored) throw new Error(`Test bug: ${id} is not stored`);
      return stored.change;
    },
    async restart() {
      await fixture.settle();
      await parts.store.close();
      parts = await build();
    },
    async close() {
      await fixture.settle();
      await Promise.allSettled(stores.map((store) => store.close()));
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export { zurich };
