import { createBlobStore } from '../../../src/store/blob/blobStore';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';
import { describeRecordsContract } from './recordsContract';
import { describeStoreContract, type ContractSubject } from './storeContract';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const subject: ContractSubject = {
  name: 'blob store on Azurite',
  async backing() {
    const container = azurite.container(freshContainerName('contract'));
    return {
      async open(options = {}) {
        const store = createBlobStore({ container, createContainer: true, ...options });
        await store.open();
        return store;
      },
      dispose: async () => {
        await container.deleteIfExists();
      },
    };
  },
};

describeStoreContract(subject);
describeRecordsContract(subject);
