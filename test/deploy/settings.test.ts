import fs from 'node:fs';
import path from 'node:path';

// The same settings appear in five places (the config loader, .env.example, the systemd environment file,
// the Bicep app settings, the operator docs). These tests keep them from drifting apart.

const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** What the running bot reads (SPEC.md, Contract). */
const RUNTIME = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppTenantId',
  'MicrosoftAppType',
  'PORT',
  'DATA_DIR',
  'PROCESS_FILE',
  'SCHEDULER_CRON',
  'LOG_LEVEL',
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'MAIL_SENDER',
  'STORE',
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_STORAGE_ACCOUNT_URL',
  'AZURE_STORAGE_CONTAINER',
  'ALLOWED_TENANTS',
  'CALENDAR_FEED_TOKEN',
  'CALENDAR_FEED_DETAILS',
];
/** Features that are off unless switched on: documented in .env.example only (the deployments leave them off). */
const FEATURES = ['STATUS_PAGE'];
/** What `npm run package` reads. */
const PACKAGING = ['TEAMS_APP_ID', 'BOT_DOMAIN', 'TEAMS_APP_VERSION'];
/** Optional settings with a default: left commented out so that `docker --env-file` keeps the image's values. */
const DEFAULTED = [
  'PORT',
  'DATA_DIR',
  'PROCESS_FILE',
  'SCHEDULER_CRON',
  'LOG_LEVEL',
  'TEAMS_APP_VERSION',
  'STORE',
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_STORAGE_ACCOUNT_URL',
  'AZURE_STORAGE_CONTAINER',
  ...FEATURES,
  'ALLOWED_TENANTS',
  'CALENDAR_FEED_DETAILS',
];
const SECRETS = ['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'CALENDAR_FEED_TOKEN'];

interface EnvLine {
  name: string;
  value: string;
  commented: boolean;
  described: boolean;
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
    expect(names(lines)).toEqual([...RUNTIME, ...FEATURES, ...PACKAGING].sort());
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

  it('sets every runtime variable, each described', () => {
    expect(names(env)).toEqual([...RUNTIME].sort());
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
    for (const name of RUNTIME) expect(bicep).toContain(`{ name: '${name}', value:`);
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

  it('explains every variable', () => {
    for (const name of [...RUNTIME, ...PACKAGING]) expect(docs).toContain(`| \`${name}\` |`);
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
