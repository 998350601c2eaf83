import { readConfig } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';

const anyCron = () => true;

function refusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readConfig(env, anyCron);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError, but the environment was accepted');
}

describe('store settings', () => {
  it('defaults to the JSON store, and reads STORE=blob with a connection string or an account URL', () => {
    expect(readConfig({}, anyCron).store).toEqual({ kind: 'json' });
    expect(readConfig({ STORE: 'JSON' }, anyCron).store).toEqual({ kind: 'json' });
    expect(
      readConfig({ STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }, anyCron)
        .store,
    ).toEqual({ kind: 'blob', container: 'change-bot', connectionString: 'UseDevelopmentStorage=true' });
    expect(
      readConfig(
        {
          STORE: 'blob',
          AZURE_STORAGE_ACCOUNT_URL: 'https://stchg.blob.core.windows.net/',
          AZURE_STORAGE_CONTAINER: 'changes-prod',
        },
        anyCron,
      ).store,
    ).toEqual({ kind: 'blob', container: 'changes-prod', accountUrl: 'https://stchg.blob.core.windows.net' });
  });

  it.each([
    [{ STORE: 'sql' }, 'STORE', /json.*blob/],
    [{ STORE: 'blob' }, 'AZURE_STORAGE_ACCOUNT_URL', /AZURE_STORAGE_CONNECTION_STRING/],
    [
      { STORE: 'blob', AZURE_STORAGE_ACCOUNT_URL: 'stchg' },
      'AZURE_STORAGE_ACCOUNT_URL',
      /blob\.core\.windows\.net/,
    ],
    [
      { STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: 'secret' },
      'AZURE_STORAGE_CONNECTION_STRING',
      /Access keys/,
    ],
    [
      {
        STORE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=b',
        AZURE_STORAGE_ACCOUNT_URL: 'https://a',
      },
      'AZURE_STORAGE_ACCOUNT_URL',
      /only one/,
    ],
    [
      {
        STORE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        AZURE_STORAGE_CONTAINER: 'Bad_Name',
      },
      'AZURE_STORAGE_CONTAINER',
      /lower-case/,
    ],
  ])('refuses %j naming %s and how to fix it', (env, field, fix) => {
    const error = refusal(env);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(fix);
  });

  it('never repeats a connection string in its message', () => {
    expect(
      refusal({ STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: 'hunter2-secret' }).message,
    ).not.toContain('hunter2');
  });
});
