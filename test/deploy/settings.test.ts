import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_PROCESS_FILE, readConfig } from '../../src/config/env';
import { DEFAULT_CONTAINER } from '../../src/config/storeConfig';

// The same settings appear in five places (the config loader, .env.example, the systemd environment file,
// the Bicep app settings, the operator docs). These tests keep them from drifting apart: the variables are
// the ones the code actually reads (recorded, not listed by hand), and each is in every place or has a
// reason here for its absence, with the same default everywhere.

const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The names a reader asks an environment for. */
function namesRead(readEnv: (env: NodeJS.ProcessEnv) => void): string[] {
  const seen = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => {
      if (typeof name === 'string') seen.add(name);
      return undefined;
    },
  });
  try {
    readEnv(env);
  } catch {
    // Packaging refuses an empty environment, after reading all of it.
  }
  return [...seen].sort();
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packaging = require('../../scripts/package.js') as {
  readSettings: (env: NodeJS.ProcessEnv) => unknown;
};
const RUNTIME_READ = namesRead((env) => readConfig(env, () => true));
const PACKAGING_READ = namesRead((env) => packaging.readSettings(env));

type Place = 'envExample' | 'systemd' | 'bicep';
interface Setting {
  /** The default as every place writes it; undefined: no default (unset). */
  default?: string;
  /** Places that deliberately leave it out, and why. */
  absent?: Partial<Record<Place, string>>;
}

const PACKAGING_ONLY = {
  systemd: 'packaging only: npm run package reads it, the running bot does not',
  bicep: 'packaging only: npm run package reads it, the running bot does not',
};

/** Every variable the bot or the packaging reads. */
const SETTINGS: Record<string, Setting> = {
  MicrosoftAppId: {},
  MicrosoftAppPassword: {},
  MicrosoftAppTenantId: {},
  MicrosoftAppType: { default: 'SingleTenant' },
  ALLOWED_TENANTS: { default: 'MicrosoftAppTenantId' },
  PORT: { default: '3978' },
  DATA_DIR: { default: './data' },
  PROCESS_FILE: { default: 'process/isc-learn.process.json' },
  SCHEDULER_CRON: { default: '* * * * *' },
  LOG_LEVEL: { default: 'info' },
  LOG_FORMAT: {
    default: 'auto',
    absent: {
      systemd: 'journald is not a terminal, so auto already gives JSON lines',
      bicep: "App Service's log is not a terminal, so auto already gives JSON lines",
    },
  },
  LOCAL_MODE: { default: 'allow' },
  STATUS_PAGE: { default: 'off' },
  STATUS_SUBSCRIPTIONS: { default: 'STATUS_PAGE' },
  SUBSCRIPTION_SECRET: {},
  PUBLIC_BASE_URL: { default: 'https://<BOT_DOMAIN>' },
  CALENDAR_FEED_TOKEN: {},
  CALENDAR_FEED_DETAILS: { default: 'false' },
  GRAPH_TENANT_ID: {},
  GRAPH_CLIENT_ID: {},
  GRAPH_CLIENT_SECRET: {},
  MAIL_SENDER: {},
  STORE: { default: 'json' },
  AZURE_STORAGE_CONNECTION_STRING: {},
  AZURE_STORAGE_ACCOUNT_URL: {},
  AZURE_STORAGE_CONTAINER: { default: DEFAULT_CONTAINER },
  BOT_DOMAIN: {},
  TEAMS_APP_ID: { absent: PACKAGING_ONLY },
  TEAMS_APP_VERSION: { default: 'version in package.json', absent: PACKAGING_ONLY },
  TEAMS_APP_DEVELOPER: { default: 'Change bot', absent: PACKAGING_ONLY },
};
const ALL = Object.keys(SETTINGS).sort();
const inPlace = (place: Place) => ALL.filter((name) => !SETTINGS[name]!.absent?.[place]);
/** Optional settings with a default: left commented out so that `docker --env-file` keeps the image's values. */
// MicrosoftAppType is written out: SingleTenant is a recommendation the operator should see and match. The
// blob store's two sign-in settings stay commented out too: only STORE=blob reads them, and one of the two.
const DEFAULTED = ALL.filter(
  (name) =>
    (SETTINGS[name]!.default !== undefined && name !== 'MicrosoftAppType') ||
    ['ALLOWED_TENANTS', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_ACCOUNT_URL'].includes(name),
);
const SECRETS = ['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'CALENDAR_FEED_TOKEN', 'SUBSCRIPTION_SECRET'];

describe('the settings the code reads', () => {
  it('are exactly the ones listed here, so that a new one cannot miss the deploy files', () => {
    expect([...new Set([...RUNTIME_READ, ...PACKAGING_READ])].sort()).toEqual(ALL);
  });

  it('have the defaults listed here', () => {
    const config = readConfig({}, () => true);
    expect(String(config.port)).toBe(SETTINGS.PORT!.default);
    expect(config.dataDir).toBe(path.resolve(SETTINGS.DATA_DIR!.default!));
    expect(path.relative(root, DEFAULT_PROCESS_FILE)).toBe(SETTINGS.PROCESS_FILE!.default);
    expect(config.schedulerCron).toBe(SETTINGS.SCHEDULER_CRON!.default);
    expect(config.logLevel).toBe(SETTINGS.LOG_LEVEL!.default);
    expect(config.logFormat).toBe(SETTINGS.LOG_FORMAT!.default);
    expect(config.bot.appType).toBe(SETTINGS.MicrosoftAppType!.default);
    expect(config.store).toEqual({ kind: SETTINGS.STORE!.default });
    expect(config.statusPage).toBe(false);
    expect(config.calendarFeed.details).toBe(false);
    expect(config.mode).toBe('local'); // LOCAL_MODE allow
  });

  it('are read in src/config and scripts/package.js only', () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && /process\.env\b/.test(read(file))) readers.push(file);
      }
    };
    walk('src');
    expect(readers.sort()).toEqual(['src/config/copyConfig.ts', 'src/main.ts', 'src/start.ts']);
  });
});

interface EnvLine {
  name: string;
  value: string;
  commented: boolean;
  described: boolean;
  /** The comment line above it. */
  comment: string;
}

/** Reads NAME=value lines (also "# NAME=value") and whether a plain comment line describes each one. */
function parseEnvFile(text: string): EnvLine[] {
  const lines = text.split('\n');
  const assignment = /^(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
  const result: EnvLine[] = [];
  lines.forEach((line, index) => {
    const match = assignment.exec(line);
    if (!match) return;
    const previous = lines[index - 1] ?? '';
    result.push({
      name: match[2]!,
      value: match[3]!,
      commented: Boolean(match[1]),
      comment: previous.startsWith('#') && !assignment.test(previous) ? previous : '',
      described:
        previous.startsWith('#') && !assignment.test(previous) && previous.replace(/^#\s*/, '').length > 10,
    });
  });
  return result;
}

function names(lines: EnvLine[]): string[] {
  return lines.map((line) => line.name).sort();
}

describe('deploy/.env.example', () => {
  const lines = parseEnvFile(read('deploy/.env.example'));

  it('lists every variable the bot and the packaging read, once each', () => {
    expect(names(lines)).toEqual(inPlace('envExample'));
  });

  it('gives each default in brackets, as the docs do', () => {
    for (const line of lines) {
      const wanted = SETTINGS[line.name]!.default;
      const bracket = /\[([^\]]*)\]\s*$/.exec(line.comment)?.[1];
      expect({ name: line.name, default: bracket }).toEqual({ name: line.name, default: wanted });
    }
  });

  it('shows a cron with spaces, unquoted, as Docker and npm start read it', () => {
    expect(lines.find((line) => line.name === 'SCHEDULER_CRON')?.value).toMatch(/^\S+( \S+){5}$/);
  });

  it('describes each variable in a comment line above it', () => {
    for (const line of lines)
      expect({ name: line.name, described: line.described }).toEqual({ name: line.name, described: true });
  });

  it('keeps defaulted settings commented out and secrets empty', () => {
    for (const line of lines) {
      expect({ name: line.name, commented: line.commented }).toEqual({
        name: line.name,
        commented: DEFAULTED.includes(line.name),
      });
    }
    for (const secret of SECRETS) expect(lines.find((line) => line.name === secret)?.value).toBe('');
  });

  it('recommends a single-tenant bot', () => {
    expect(lines.find((line) => line.name === 'MicrosoftAppType')?.value).toBe('SingleTenant');
  });
});

describe('systemd unit and environment file', () => {
  const env = parseEnvFile(read('deploy/systemd/change-bot.env'));
  const unit = read('deploy/systemd/change-bot.service');
  const directive = (name: string) =>
    unit
      .split('\n')
      .filter((line) => line.startsWith(`${name}=`))
      .map((line) => line.slice(name.length + 1));

  it('sets every runtime variable, each described, with the same defaults', () => {
    expect(names(env)).toEqual(inPlace('systemd'));
    for (const line of env) {
      const bracket = /\[([^\]]*)\]\s*$/.exec(line.comment)?.[1];
      if (bracket !== undefined)
        expect({ name: line.name, bracket }).toEqual({
          name: line.name,
          bracket: SETTINGS[line.name]!.default,
        });
    }
    for (const line of env)
      expect({ name: line.name, described: line.described }).toEqual({ name: line.name, described: true });
  });

  it('runs the built bot as its own user, from the environment file', () => {
    expect(directive('User')).toEqual(['change-bot']);
    expect(directive('EnvironmentFile')).toEqual(['/etc/change-bot/change-bot.env']);
    expect(directive('ExecStart')[0]).toMatch(/node dist\/src\/main\.js$/);
  });

  it('keeps DATA_DIR in the unit state directory, and does not restart after a configuration error', () => {
    const [stateDirectory] = directive('StateDirectory');
    expect(env.find((line) => line.name === 'DATA_DIR')?.value).toBe(`/var/lib/${stateDirectory}`);
    expect(directive('RestartPreventExitStatus')).toEqual(['2']);
  });
});

describe('Azure Bicep', () => {
  const bicep = read('deploy/azure/main.bicep');
  const bicepparam = read('deploy/azure/main.bicepparam');

  it('sets every runtime variable as an app setting', () => {
    const set = [...bicep.matchAll(/\{ name: '([A-Za-z_]+)', value:/g)].map((match) => match[1]!);
    for (const name of inPlace('bicep')) expect(set).toContain(name);
  });

  it('passes the defaults of its parameters on unchanged', () => {
    const parameterDefault = (parameter: string) =>
      new RegExp(`^param ${parameter} string = '([^']*)'`, 'm').exec(bicep)?.[1];
    expect(parameterDefault('schedulerCron')).toBe(SETTINGS.SCHEDULER_CRON!.default);
    expect(parameterDefault('logLevel')).toBe(SETTINGS.LOG_LEVEL!.default);
    expect(parameterDefault('statusPage')).toBe(SETTINGS.STATUS_PAGE!.default);
    expect(parameterDefault('calendarFeedDetails')).toBe(SETTINGS.CALENDAR_FEED_DETAILS!.default);
    for (const [parameter, name] of [
      ['schedulerCron', 'SCHEDULER_CRON'],
      ['logLevel', 'LOG_LEVEL'],
      ['statusPage', 'STATUS_PAGE'],
      ['calendarFeedDetails', 'CALENDAR_FEED_DETAILS'],
    ] as const)
      expect(bicepparam).toContain(
        `param ${parameter} = readEnvironmentVariable('${name}', '${SETTINGS[name]!.default}')`,
      );
  });

  it('declares a single-tenant Azure Bot with the Teams channel, pointing at the web app', () => {
    expect(bicep).toContain("'Microsoft.BotService/botServices@");
    expect(bicep).toContain("msaAppType: 'SingleTenant'");
    expect(bicep).toContain('msaAppTenantId: botTenantId');
    expect(bicep).toContain("channelName: 'MsTeamsChannel'");
    expect(bicep).toContain("endpoint: 'https://${site.properties.defaultHostName}/api/messages'");
  });

  it('keeps the app always on and health-checked, on two instances sharing the blob store, with no SMB mount', () => {
    expect(bicep).toContain('alwaysOn: true');
    expect(bicep).toContain("healthCheckPath: '/healthz'");
    expect(bicep).toContain('param instanceCount int = 2');
    expect(bicep).toContain('capacity: instanceCount');
    expect(bicep).not.toContain('AzureFiles');
    expect(bicep).not.toContain('azureStorageAccounts');
    expect(bicep).toContain("{ name: 'STORE', value: 'blob' }");
    expect(bicep).toContain(
      "{ name: 'AZURE_STORAGE_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }",
    );
    expect(bicep).toContain("{ name: 'AZURE_STORAGE_CONTAINER', value: containerName }");
  });

  it("gives the app's managed identity Storage Blob Data Contributor on the container, and versioned, soft-deleted blobs", () => {
    expect(bicep).toContain("identity: { type: 'SystemAssigned' }");
    expect(bicep).toContain("var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    expect(bicep).toContain('principalId: site.identity.principalId');
    expect(bicep).toContain('blobs/filter/action');
    expect(bicep).toContain('isVersioningEnabled: true');
    expect(bicep).toMatch(/deleteRetentionPolicy: \{ enabled: true/);
  });

  it('gets every parameter without a default from the parameters file', () => {
    const required = [...bicep.matchAll(/^param (\w+) \w+$/gm)].map((match) => match[1]!);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(bicepparam).toMatch(new RegExp(`^param ${name} = `, 'm'));
    for (const match of bicepparam.matchAll(/^param (\w+) = /gm))
      expect(bicep).toMatch(new RegExp(`^param ${match[1]} `, 'm'));
  });
});

describe('README.md and docs/', () => {
  const docs = read('docs/running.md');
  const processDocs = read('docs/process-file.md');

  it('explains every variable, with the same default', () => {
    for (const name of ALL) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      const cell = row?.split(' | ')[1]?.replace(/`/g, '');
      const wanted = SETTINGS[name]!.default ?? (['unset', 'none'].includes(cell ?? '') ? cell : 'unset');
      expect({ name, default: cell }).toEqual({ name, default: wanted });
    }
  });

  it('documents every field of the shipped process file', () => {
    const fields: string[] = [];
    const walk = (node: unknown, prefix: string) => {
      if (Array.isArray(node)) {
        const [first] = node;
        if (first && typeof first === 'object') walk(first, `${prefix}[]`);
        else fields.push(prefix);
      } else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) walk(value, prefix ? `${prefix}.${key}` : key);
      } else {
        fields.push(prefix);
      }
    };
    walk(JSON.parse(read('process/isc-learn.process.json')), '');
    expect(fields).toEqual(
      expect.arrayContaining(['timeZone', 'services[].approvers[].aadObjectId', 'links.incidentProcess']),
    );
    for (const field of fields) expect(processDocs).toContain(`| \`${field}\` |`);
  });

  it('warns not to host the bot on the VM it maintains', () => {
    expect(read('README.md')).toMatch(/Do not host the bot on the VM it maintains/);
  });

  it('covers the known Teams pitfalls', () => {
    for (const heading of ['401 Unauthorized', '403 Forbidden', 'does not update', 'Something went wrong']) {
      expect(read('docs/troubleshooting.md')).toMatch(new RegExp(`^### .*${heading}`, 'm'));
    }
  });
});
