import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJsonStore } from '../../../src/store/jsonStore';
import { describeRecordsContract } from './recordsContract';
import { describeStoreContract, type ContractSubject } from './storeContract';

const subject: ContractSubject = {
  name: 'JSON store on disk',
  async backing() {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-contract-'));
    return {
      async open(options = {}) {
        const store = createJsonStore({ dataDir, ...options });
        await store.open();
        return store;
      },
      dispose: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  },
};

describeStoreContract(subject);
describeRecordsContract(subject);
