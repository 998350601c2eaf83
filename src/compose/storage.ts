import type { Leadership } from '../store/leadership';
import { checkDataDir } from '../startup/dataDir';
import { createStorage } from '../store/createStore';
import { lockDataDir, type DataDirLock } from '../store/dataDirLock';
import { createMeasurements, type Measurements } from '../store/measurements';
import { changeSchemaFor } from '../store/migrations';
import type { ChangeStore } from '../store/types';
import { countingWrites } from '../store/writeCount';
import type { BotOptions, Wiring } from './options';

export interface OpenStorage {
  store: ChangeStore;
  /** How many change writes this process made: the public pages keep one rendering until it moves. */
  writes: () => number;
  leadership: Leadership;
  measurements: Measurements;
  /** The JSON store's hold on DATA_DIR; none with Blob Storage. */
  lock: DataDirLock | undefined;
}

/** DATA_DIR checked and held, the store open, the lease taken, the drills and snapshot timings read. */
export async function openStorage(
  { config, proc, logger, clock }: Wiring,
  options: Pick<BotOptions, 'store' | 'lease'>,
): Promise<OpenStorage> {
  // Made here, in every store mode (the .eml outbox and the readiness probe live there even with Blob
  // Storage), or one line naming the system's error: main, tests and benches all start through here.
  await checkDataDir(config.dataDir);
  // One bot per DATA_DIR on the JSON store (Blob Storage instances share the container, not the folder).
  const lock = config.store.kind === 'json' ? await lockDataDir(config.dataDir, clock) : undefined;
  const storage = createStorage(config, logger, clock, options.lease, changeSchemaFor(proc));
  // Counted, so that the public pages keep one rendering until a change is written (status/renderCache.ts).
  const { store, writes } = countingWrites(options.store ?? storage.store);
  const leadership = storage.leadership;
  try {
    await store.open();
  } catch (error) {
    await lock?.release();
    throw error;
  }
  await leadership.start?.();
  const measurements = createMeasurements(store);
  await measurements.load();
  return { store, writes, leadership, measurements, lock };
}
