import { soleInstance, type Leadership } from './leadership';
import type { AppConfig } from '../config/env';
import { createBlobStore } from './blob/blobStore';
import { connectContainer } from './blob/connect';
import { createLeaseLeadership, type LeaseOptions } from './blob/leaderLease';
import { createJsonStore, type StoreLogger } from './jsonStore';
import type { ChangeSchema } from './migrations';
import type { ChangeStore } from './types';

export interface Storage {
  store: ChangeStore;
  /** Who ticks and sends: always this instance on the JSON store, the lease holder on Blob Storage. */
  leadership: Leadership & { start?(): Promise<void> };
}

export type LeaseTiming = Pick<LeaseOptions, 'leaseMs' | 'renewMs' | 'marginMs'>;

/** The store STORE names: files under DATA_DIR (default), or the Blob container shared by every instance. */
export function createStorage(
  config: AppConfig,
  logger: StoreLogger,
  clock: () => Date,
  lease: LeaseTiming = {},
  changeSchema?: ChangeSchema,
): Storage {
  if (config.store.kind === 'blob') {
    const container = connectContainer(config.store);
    // A key can create the container on first start; the managed identity finds it made by the Bicep.
    const createContainer = config.store.connectionString !== undefined;
    return {
      store: createBlobStore({
        container,
        logger,
        clock,
        createContainer,
        ...(changeSchema ? { changeSchema } : {}),
      }),
      leadership: createLeaseLeadership({
        blob: container.getBlockBlobClient('leader.lock'),
        logger,
        ...lease,
      }),
    };
  }
  return {
    store: createJsonStore({
      dataDir: config.dataDir,
      logger,
      clock,
      ...(changeSchema ? { changeSchema } : {}),
    }),
    leadership: soleInstance,
  };
}
