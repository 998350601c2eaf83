import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { StoreConfig } from '../../config/storeConfig';

/**
 * The container named by the settings: with a connection string (an account key or SAS; Azurite in tests), or
 * with the account URL and the App Service's managed identity (DefaultAzureCredential), which needs no secret.
 */
export function connectContainer(config: Extract<StoreConfig, { kind: 'blob' }>): ContainerClient {
  const service = config.connectionString
    ? BlobServiceClient.fromConnectionString(config.connectionString)
    : new BlobServiceClient(config.accountUrl ?? '', new DefaultAzureCredential());
  return service.getContainerClient(config.container);
}
