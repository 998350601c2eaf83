import { createBlobStore } from '../../../src/store/blob/blobStore';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';
import { describeStoreContract } from './storeContract';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describeStoreContract({
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
});
