import type { AppConfig } from '../config/env';
import { createBlobStore } from './blob/blobStore';
import { connectContainer } from './blob/connect';
import { createJsonStore, type StoreLogger } from './jsonStore';
import type { ChangeStore } from './types';

/** The store STORE names: files under DATA_DIR (default), or the Blob container shared by every instance. */
export function createStore(config: AppConfig, logger: StoreLogger, clock: () => Date): ChangeStore {
  if (config.store.kind === 'blob') {
    // A key can create the container on first start; the managed identity finds it made by the Bicep.
    const createContainer = config.store.connectionString !== undefined;
    return createBlobStore({ container: connectContainer(config.store), logger, clock, createContainer });
  }
  return createJsonStore({ dataDir: config.dataDir, logger, clock });
}
