import { ConfigError } from './errors';

/** The JSON store under DATA_DIR (one instance), or Azure Blob Storage (several instances may share it). */
export type StoreConfig =
  | { kind: 'json' }
  | {
      kind: 'blob';
      container: string;
      /** Exactly one of these: a connection string (account key or SAS), or the account URL for managed identity. */
      connectionString?: string;
      accountUrl?: string;
    };

/** The store settings as env.ts read them (blank values already unset). */
export interface StoreSettings {
  STORE?: string;
  AZURE_STORAGE_CONNECTION_STRING?: string;
  AZURE_STORAGE_ACCOUNT_URL?: string;
  AZURE_STORAGE_CONTAINER?: string;
}

export const DEFAULT_CONTAINER = 'change-bot';

/** Azure's container name rules: 3-63 characters, lower-case letters, digits and single hyphens inside. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

export function readStoreConfig(settings: StoreSettings): StoreConfig {
  const kind = (settings.STORE ?? 'json').toLowerCase();
  if (kind !== 'json' && kind !== 'blob') {
    throw new ConfigError(
      'STORE',
      `"${settings.STORE}" is not a store`,
      'Use "json" (files under DATA_DIR, one instance) or "blob" (Azure Blob Storage, one or more instances).',
    );
  }
  if (kind === 'json') return { kind: 'json' };

  const container = settings.AZURE_STORAGE_CONTAINER ?? DEFAULT_CONTAINER;
  if (!CONTAINER_NAME.test(container)) {
    throw new ConfigError(
      'AZURE_STORAGE_CONTAINER',
      `"${container}" is not a valid container name`,
      'Use 3 to 63 lower-case letters, digits and single hyphens (e.g. change-bot), or unset it for change-bot.',
    );
  }
  const { AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_ACCOUNT_URL: accountUrl } =
    settings;
  if (connectionString && accountUrl) {
    throw new ConfigError(
      'AZURE_STORAGE_ACCOUNT_URL',
      'is set together with AZURE_STORAGE_CONNECTION_STRING',
      'Set only one: the account URL to sign in with the managed identity, or the connection string to use a key.',
    );
  }
  if (connectionString) {
    if (!/(^|;)\s*(AccountName|BlobEndpoint|UseDevelopmentStorage)\s*=/i.test(connectionString)) {
      throw new ConfigError(
        'AZURE_STORAGE_CONNECTION_STRING',
        'does not look like a storage connection string (no AccountName or BlobEndpoint)',
        'Copy it from the storage account\'s "Access keys" page (DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...).',
      );
    }
    return { kind: 'blob', container, connectionString };
  }
  if (accountUrl) {
    let url: URL | undefined;
    try {
      url = new URL(accountUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConfigError(
        'AZURE_STORAGE_ACCOUNT_URL',
        `"${accountUrl}" is not a URL`,
        'Set it to the blob endpoint of the storage account, e.g. https://<account>.blob.core.windows.net.',
      );
    }
    return { kind: 'blob', container, accountUrl: url.toString().replace(/\/$/, '') };
  }
  throw new ConfigError(
    'AZURE_STORAGE_ACCOUNT_URL',
    'is missing while STORE=blob',
    'Set AZURE_STORAGE_ACCOUNT_URL (https://<account>.blob.core.windows.net, signed in with the managed identity) or AZURE_STORAGE_CONNECTION_STRING, or unset STORE for the JSON store under DATA_DIR.',
  );
}
