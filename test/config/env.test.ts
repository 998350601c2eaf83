import path from 'node:path';
import cron from 'node-cron';
import { DEFAULT_PROCESS_FILE, readConfig } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';

const anyCron = () => true;
const GUID = '11111111-2222-3333-4444-555555555555';
const SECRET = 'n0t-a-real-secret~value';

function configError(
  env: NodeJS.ProcessEnv,
  validateCron: (expression: string) => boolean = anyCron,
): ConfigError {
  try {
    readConfig(env, validateCron);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError, but the environment was accepted');
}

describe('readConfig', () => {
  it('has defaults for everything: local mode on 127.0.0.1:3978, ./data, the shipped process, every minute', () => {
    const seen: string[] = [];
    const config = readConfig({}, (expression) => {
      seen.push(expression);
      return true;
    });
    expect(config).toEqual({
      mode: 'local',
      port: 3978,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      processFile: DEFAULT_PROCESS_FILE,
      schedulerCron: '* * * * *',
      logLevel: 'info',
      logFormat: 'auto',
      bot: { appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'SingleTenant' },
      graph: undefined,
      store: { kind: 'json' },
      statusPage: false,
      allowedTenants: [],
      calendarFeed: { details: false },
      warnings: [],
    });
    expect(seen).toEqual(['* * * * *']);
  });

  it('treats blank values as unset', () => {
    const config = readConfig({ PORT: ' ', DATA_DIR: '', MicrosoftAppId: '  ', SCHEDULER_CRON: '' }, anyCron);
    expect(config).toMatchObject({
      port: 3978,
      mode: 'local',
      dataDir: path.resolve('./data'),
      schedulerCron: '* * * * *',
    });
  });

  it('reads PORT, DATA_DIR (resolved), PROCESS_FILE, SCHEDULER_CRON and LOG_LEVEL', () => {
    const config = readConfig(
      {
        PORT: '8080',
        DATA_DIR: 'var/bot',
        PROCESS_FILE: 'team.process.json',
        SCHEDULER_CRON: '*/5 * * * * *',
        LOG_LEVEL: 'debug',
      },
      anyCron,
    );
    expect(config).toMatchObject({
      port: 8080,
      dataDir: path.resolve('var/bot'),
      processFile: path.resolve('team.process.json'),
      schedulerCron: '*/5 * * * * *',
      logLevel: 'debug',
    });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it.each(['abc', '70000', '-1', '3978.5', '80 80'])('refuses PORT=%s and says what to set', (port) => {
    const error = configError({ PORT: port });
    expect(error.field).toBe('PORT');
    expect(error.message).toBe(
      `Configuration error in PORT: "${port}" is not a port number. Set PORT to a whole number from 1 to 65535 (0 picks a free port), or unset it for 3978.`,
    );
  });

  it('runs authenticated on all interfaces with MicrosoftAppId, its password and tenant (SingleTenant by default)', () => {
    const config = readConfig(
      { MicrosoftAppId: GUID, MicrosoftAppPassword: SECRET, MicrosoftAppTenantId: GUID },
      anyCron,
    );
    expect(config).toMatchObject({
      mode: 'authenticated',
      host: '0.0.0.0',
      bot: { appId: GUID, appPassword: SECRET, tenantId: GUID, appType: 'SingleTenant' },
      allowedTenants: [GUID],
      warnings: [],
    });
  });

  it('without MicrosoftAppType, a bot with no tenant id is refused with the way to fix it', () => {
    const error = configError({ MicrosoftAppId: GUID, MicrosoftAppPassword: SECRET });
    expect(error.field).toBe('MicrosoftAppTenantId');
    expect(error.fix).toContain('MicrosoftAppType=MultiTenant');
  });

  it('an explicit MultiTenant bot still runs, with start-up warnings (app type, no tenant list)', () => {
    const config = readConfig(
      { MicrosoftAppId: GUID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'MultiTenant' },
      anyCron,
    );
    expect(config.mode).toBe('authenticated');
    expect(config.warnings).toEqual([
      expect.stringContaining('MicrosoftAppType is MultiTenant'),
      expect.stringContaining('No ALLOWED_TENANTS'),
    ]);
  });

  it('ALLOWED_TENANTS replaces the default (MicrosoftAppTenantId), lower-cased; a non-GUID is refused', () => {
    const other = 'ABCDEF01-2222-3333-4444-555555555555';
    const config = readConfig(
      { MicrosoftAppTenantId: GUID, ALLOWED_TENANTS: ` ${other} , ${GUID}` },
      anyCron,
    );
    expect(config.allowedTenants).toEqual([other.toLowerCase(), GUID]);
    const error = configError({ ALLOWED_TENANTS: `${GUID},contoso.com` });
    expect(error.field).toBe('ALLOWED_TENANTS');
    expect(error.problem).toBe('"contoso.com" is not a tenant id');
  });

  it('reads CALENDAR_FEED_TOKEN (16 characters at least) and CALENDAR_FEED_DETAILS (true/false)', () => {
    const token = 'f'.repeat(32);
    expect(
      readConfig({ CALENDAR_FEED_TOKEN: token, CALENDAR_FEED_DETAILS: 'true' }, anyCron).calendarFeed,
    ).toEqual({
      token,
      details: true,
    });
    expect(configError({ CALENDAR_FEED_TOKEN: 'short' }).field).toBe('CALENDAR_FEED_TOKEN');
    expect(configError({ CALENDAR_FEED_DETAILS: 'yes' }).field).toBe('CALENDAR_FEED_DETAILS');
  });

  it('refuses MicrosoftAppId without MicrosoftAppPassword', () => {
    const error = configError({ MicrosoftAppId: GUID });
    expect(error.field).toBe('MicrosoftAppPassword');
    expect(error.message).toMatch(
      /is missing while MicrosoftAppId is set\. Set it to the client secret .* or unset MicrosoftAppId/,
    );
  });

  it('accepts a managed identity without a password', () => {
    expect(readConfig({ MicrosoftAppId: GUID, MicrosoftAppType: 'UserAssignedMSI' }, anyCron).mode).toBe(
      'authenticated',
    );
  });

  it('refuses a SingleTenant bot without MicrosoftAppTenantId, accepts it with one', () => {
    const env = { MicrosoftAppId: GUID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant' };
    const error = configError(env);
    expect(error.field).toBe('MicrosoftAppTenantId');
    expect(error.message).toMatch(
      /is missing for a SingleTenant bot\. Set it to the Directory \(tenant\) id/,
    );
    expect(readConfig({ ...env, MicrosoftAppTenantId: GUID }, anyCron).bot.tenantId).toBe(GUID);
  });

  it('refuses an unknown MicrosoftAppType and lists the known ones', () => {
    const error = configError({ MicrosoftAppType: 'multitenant' });
    expect(error.field).toBe('MicrosoftAppType');
    expect(error.fix).toBe('Use one of MultiTenant, SingleTenant, UserAssignedMSI.');
  });

  it('reads Graph mail settings when all four are set', () => {
    const config = readConfig(
      {
        GRAPH_TENANT_ID: GUID,
        GRAPH_CLIENT_ID: GUID,
        GRAPH_CLIENT_SECRET: SECRET,
        MAIL_SENDER: 'change-bot@example.org',
      },
      anyCron,
    );
    expect(config.graph).toEqual({
      tenantId: GUID,
      clientId: GUID,
      clientSecret: SECRET,
      sender: 'change-bot@example.org',
    });
  });

  it('reads STATUS_PAGE on or off (any case), off when unset, and refuses anything else', () => {
    expect(readConfig({ STATUS_PAGE: 'on' }, anyCron).statusPage).toBe(true);
    expect(readConfig({ STATUS_PAGE: 'OFF' }, anyCron).statusPage).toBe(false);
    expect(readConfig({}, anyCron).statusPage).toBe(false);
    const error = configError({ STATUS_PAGE: 'yes' });
    expect(error.field).toBe('STATUS_PAGE');
    expect(error.message).toContain('Set STATUS_PAGE=on or STATUS_PAGE=off');
  });

  it('takes on/off and true/false alike (any case) for every switch', () => {
    for (const [word, value] of [
      ['on', true],
      ['TRUE', true],
      ['off', false],
      ['False', false],
    ] as const) {
      expect(readConfig({ STATUS_PAGE: word }, anyCron).statusPage).toBe(value);
      expect(readConfig({ CALENDAR_FEED_DETAILS: word }, anyCron).calendarFeed.details).toBe(value);
    }
    expect(configError({ CALENDAR_FEED_DETAILS: 'yes' }).fix).toBe(
      'Set CALENDAR_FEED_DETAILS=on or CALENDAR_FEED_DETAILS=off (true and false work too; off when unset).',
    );
  });

  it('reads LOG_FORMAT (auto when unset) and refuses anything but json, pretty or auto', () => {
    expect(readConfig({}, anyCron).logFormat).toBe('auto');
    expect(readConfig({ LOG_FORMAT: 'JSON' }, anyCron).logFormat).toBe('json');
    expect(readConfig({ LOG_FORMAT: 'pretty' }, anyCron).logFormat).toBe('pretty');
    expect(configError({ LOG_FORMAT: 'colour' }).field).toBe('LOG_FORMAT');
  });

  it('refuses local mode when LOCAL_MODE=refuse (the container image), and a LOCAL_MODE it does not know', () => {
    expect(readConfig({ LOCAL_MODE: 'allow' }, anyCron).mode).toBe('local');
    expect(configError({ LOCAL_MODE: 'refuse' }).field).toBe('MicrosoftAppId');
    expect(configError({ LOCAL_MODE: 'no' }).field).toBe('LOCAL_MODE');
    expect(
      readConfig(
        {
          LOCAL_MODE: 'refuse',
          MicrosoftAppId: GUID,
          MicrosoftAppPassword: SECRET,
          MicrosoftAppTenantId: GUID,
        },
        anyCron,
      ).mode,
    ).toBe('authenticated');
  });

  it('refuses partial Graph settings, naming the first missing one, without echoing the secret', () => {
    const error = configError({ GRAPH_TENANT_ID: GUID, GRAPH_CLIENT_SECRET: SECRET });
    expect(error.field).toBe('GRAPH_CLIENT_ID');
    expect(error.message).toMatch(
      /Set all of GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, MAIL_SENDER .*or none of them to write mails to DATA_DIR\/outbox/,
    );
    expect(error.message).not.toContain(SECRET);
    expect(configError({ MAIL_SENDER: 'bot@example.org' }).field).toBe('GRAPH_TENANT_ID');
  });

  it('refuses a SCHEDULER_CRON the validator rejects, with examples', () => {
    const error = configError(
      { SCHEDULER_CRON: 'every minute' },
      (expression) => expression !== 'every minute',
    );
    expect(error.field).toBe('SCHEDULER_CRON');
    expect(error.message).toMatch(
      /"every minute" is not a cron expression\. Use five fields .* or six with seconds first/,
    );
  });

  it('works with node-cron as the validator: five and six fields pass, nonsense does not', () => {
    expect(readConfig({ SCHEDULER_CRON: '* * * * * *' }, cron.validate).schedulerCron).toBe('* * * * * *');
    expect(readConfig({}, cron.validate).schedulerCron).toBe('* * * * *');
    expect(configError({ SCHEDULER_CRON: '61 * * * *' }, cron.validate).field).toBe('SCHEDULER_CRON');
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expect(configError({ LOG_LEVEL: 'verbose' }).fix).toBe(
      'Use one of fatal, error, warn, info, debug, trace, silent.',
    );
  });

  it('never reads process.env by itself', () => {
    const before = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      expect(readConfig({}, anyCron).port).toBe(3978);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});
