/** A change with queued notices in a real JSON store, a delivery over scripted doubles, and a fake clock. */
import { promises as fs } from 'node:fs';
import { createDelivery, type Delivery, type DeliveryDeps } from '../../../src/app/delivery';
import { enqueue, findEntry } from '../../../src/app/outbox';
import type { Change, Effect, OutboxEntry } from '../../../src/domain/change';
import type { ChangeStore } from '../../../src/store/types';
import { recordingLogger, type LoggedLine } from '../../bot/support/harness';
import { makeChange } from '../../support/changeFactory';
import { makeDataDir, openStore } from '../../store/support/storeFixture';
import { ScriptedMailer, ScriptedPoster } from './fakes';

export const T0 = new Date('2026-06-01T08:00:00.000Z');
export const OWNERS = ['ada@example.org', 'alice.approver@example.org'];

export const DEFAULT_EFFECTS: Effect[] = [
  { notice: 'created', to: { kind: 'channel' } },
  { notice: 'preparation', to: { kind: 'implementer' } },
  { notice: 'announcement', to: { kind: 'mail', to: ['learn-users@example.org'], calendar: 'request' } },
];

export interface OutboxFixture {
  id: string;
  dataDir: string;
  store: ChangeStore;
  poster: ScriptedPoster;
  mailer: ScriptedMailer;
  delivery: Delivery;
  logs: LoggedLine[];
  now(): Date;
  setNow(instant: Date): void;
  /** Moves the fake clock by `ms` from T0. */
  at(ms: number): void;
  change(): Promise<Change>;
  entry(key: string): Promise<OutboxEntry>;
  /** A second delivery on another store instance over the same folder: the bot after a restart. */
  restart(wrap?: (store: ChangeStore) => ChangeStore): Promise<void>;
  close(): Promise<void>;
}

export async function outboxFixture(
  options: {
    effects?: Effect[];
    deps?: Partial<DeliveryDeps>;
    wrapStore?: (store: ChangeStore) => ChangeStore;
  } = {},
): Promise<OutboxFixture> {
  const dataDir = await makeDataDir();
  let now = T0;
  const clock = () => new Date(now.getTime());
  const stores: ChangeStore[] = [];
  const logs: LoggedLine[] = [];
  const poster = new ScriptedPoster(clock);
  const mailer = new ScriptedMailer(clock);

  async function build(wrap?: (store: ChangeStore) => ChangeStore) {
    const opened = await openStore(dataDir, { clock });
    stores.push(opened);
    const store = wrap ? wrap(opened) : opened;
    const delivery = createDelivery({
      store,
      poster,
      mailer,
      clock,
      logger: recordingLogger(logs),
      owners: () => OWNERS,
      random: () => 0.5,
      ...options.deps,
    });
    return { store, delivery };
  }

  let current = await build(options.wrapStore);
  const created = await current.store.create(2026, (id) =>
    enqueue(makeChange({ id }), options.effects ?? DEFAULT_EFFECTS, clock()),
  );
  const id = created.change.id;

  const fixture: OutboxFixture = {
    id,
    dataDir,
    get store() {
      return current.store;
    },
    poster,
    mailer,
    get delivery() {
      return current.delivery;
    },
    logs,
    now: clock,
    setNow(instant) {
      now = instant;
    },
    at(ms) {
      now = new Date(T0.getTime() + ms);
    },
    async change() {
      const stored = await current.store.get(id);
      if (!stored) throw new Error(`Test bug: ${id} is not stored`);
      return stored.change;
    },
    async entry(key) {
      const entry = findEntry(await fixture.change(), key);
      if (!entry) throw new Error(`Test bug: no outbox entry ${key}`);
      return entry;
    },
    async restart(wrap) {
      current = await build(wrap);
    },
    async close() {
      // Closing writes the journal back into the folder, so the folder goes only once the stores are
      // closed. A store whose delivery hangs forever (a simulated crash) never closes: it gets 2 s.
      const closed = (store: ChangeStore) =>
        Promise.race([store.close(), new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      await Promise.allSettled(stores.map(closed));
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return fixture;
}
