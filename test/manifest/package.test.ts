import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';

const root = path.join(__dirname, '..', '..');
const script = path.join(root, 'scripts', 'package.js');
const schemasDir = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

const APP_ID = '4d7c1f0e-2b9a-4c3d-8e5f-6a7b8c9d0e1f';
const BOT_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';
const DOMAIN = 'change-bot.example.org';
const GOOD_ENV = { TEAMS_APP_ID: APP_ID, MicrosoftAppId: BOT_ID, BOT_DOMAIN: DOMAIN };

let outDir: string;

beforeEach(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-package-'));
});

afterEach(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** Runs `npm run package`'s script with only the given variables (nothing leaks in from this shell). */
function runPackage(vars: Record<string, string>) {
  const result = spawnSync(process.execPath, [script, '--out', outDir], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...vars },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function zipPath(): string {
  return path.join(outDir, 'change-teams-app.zip');
}

async function packagedManifest(): Promise<{ zip: JSZip; manifest: Record<string, unknown>; text: string }> {
  const zip = await JSZip.loadAsync(fs.readFileSync(zipPath()));
  const text = await zip.file('manifest.json')!.async('string');
  return { zip, manifest: JSON.parse(text), text };
}

function newestBundledSchemaVersion(): string {
  const versions = fs
    .readdirSync(schemasDir)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1));
  versions.sort((a, b) => {
    const [aMajor, aMinor] = a.split('.').map(Number);
    const [bMajor, bMinor] = b.split('.').map(Number);
    return aMajor! - bMajor! || aMinor! - bMinor!;
  });
  return versions[versions.length - 1]!;
}

/**
 * AppManifestUtils.validateAgainstSchema with the bundled schema file, in a child process: the library
 * requires an ES module (strip-bom) that plain Node 20 loads but jest's module loader does not.
 */
function validateAgainstBundledSchema(manifest: unknown, version: string): string[] {
  const program = `
    const fs = require('node:fs');
    const { AppManifestUtils } = require('@microsoft/app-manifest');
    const { manifest, schemaFile } = JSON.parse(fs.readFileSync(0, 'utf8'));
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
    AppManifestUtils.validateAgainstSchema(manifest, schema).then((failures) => console.log(JSON.stringify(failures)));
  `;
  const schemaFile = path.join(schemasDir, `v${version}`, 'MicrosoftTeams.schema.json');
  const result = spawnSync(process.execPath, ['-e', program], {
    cwd: root,
    input: JSON.stringify({ manifest, schemaFile }),
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('npm run package', () => {
  it('writes a zip with exactly manifest.json and the two icons at its root', async () => {
    const result = runPackage(GOOD_ENV);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(zipPath());
    const { zip } = await packagedManifest();
    const entries = Object.values(zip.files).map((entry) => `${entry.name}${entry.dir ? ' (folder)' : ''}`);
    expect(entries.sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    for (const icon of ['color.png', 'outline.png']) {
      const packed = await zip.file(icon)!.async('nodebuffer');
      expect(packed.equals(fs.readFileSync(path.join(root, 'manifest', icon)))).toBe(true);
    }
  });

  it('fills the app id, the bot id and the domain, and leaves no placeholder behind', async () => {
    expect(runPackage(GOOD_ENV).code).toBe(0);
    const { manifest, text } = await packagedManifest();
    expect(text).not.toContain('${{');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
    const bots = manifest.bots as Array<{ botId: string; scopes: string[] }>;
    expect(bots).toHaveLength(1);
    expect(bots[0]!.botId).toBe(BOT_ID);
    expect(bots[0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    expect(manifest.version).toBe(version);
  });

  it('produces a manifest that validates offline against the newest Teams schema bundled in @microsoft/app-manifest', async () => {
    expect(runPackage(GOOD_ENV).code).toBe(0);
    const { manifest } = await packagedManifest();
    const newest = newestBundledSchemaVersion();
    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
    const failures = validateAgainstBundledSchema(manifest, newest);
    expect(failures).toEqual([]);
  });

  it('uses a schema check that does catch a broken manifest', async () => {
    expect(runPackage(GOOD_ENV).code).toBe(0);
    const { manifest } = await packagedManifest();
    const broken = {
      ...manifest,
      id: 'not-a-guid',
      name: { short: 'A name far longer than the thirty characters allowed' },
    };
    const failures = validateAgainstBundledSchema(broken, String(manifest.manifestVersion));
    expect(failures.some((failure) => failure.startsWith('/id'))).toBe(true);
    expect(failures.some((failure) => failure.startsWith('/name/short'))).toBe(true);
  });

  it('refuses to run without MicrosoftAppId: exit code 2, a message naming it and where to find it, no zip', () => {
    const result = runPackage({ TEAMS_APP_ID: APP_ID, BOT_DOMAIN: DOMAIN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MicrosoftAppId is not set');
    expect(result.stderr).toContain('Application (client) ID');
    expect(result.stderr).not.toMatch(/TEAMS_APP_ID|BOT_DOMAIN is not set/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(zipPath())).toBe(false);
  });

  it('names every missing variable at once', () => {
    const result = runPackage({});
    expect(result.code).toBe(2);
    for (const name of ['TEAMS_APP_ID', 'MicrosoftAppId', 'BOT_DOMAIN']) {
      expect(result.stderr).toContain(`${name} is not set`);
    }
    expect(result.stderr).toContain('randomUUID');
    expect(fs.existsSync(zipPath())).toBe(false);
  });

  it.each([
    ['TEAMS_APP_ID', '1234', 'is not a GUID'],
    ['MicrosoftAppId', '9a8b7c6d5e4f4a3b9c2d1e0f2a3b4c5d', 'is not a GUID'],
    ['BOT_DOMAIN', 'https://change-bot.example.org', 'drop "https://"'],
    ['BOT_DOMAIN', 'change-bot.example.org/api/messages', 'drop the path'],
    ['BOT_DOMAIN', 'change-bot.example.org:443', 'drop the port'],
    ['BOT_DOMAIN', 'localhost', 'is not a public host name'],
    ['BOT_DOMAIN', 'change_bot.example.org', 'is not a public host name'],
    ['TEAMS_APP_VERSION', '1.2', 'must be three numbers'],
  ])('refuses %s=%s with exit code 2', (name, value, message) => {
    const result = runPackage({ ...GOOD_ENV, [name]: value });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(name);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(zipPath())).toBe(false);
  });

  it('takes TEAMS_APP_VERSION over package.json and lower-cases ids and host', async () => {
    const result = runPackage({
      TEAMS_APP_ID: APP_ID.toUpperCase(),
      MicrosoftAppId: BOT_ID,
      BOT_DOMAIN: 'Change-Bot.Example.ORG',
      TEAMS_APP_VERSION: '2.3.4',
    });
    expect(result.code).toBe(0);
    const { manifest } = await packagedManifest();
    expect(manifest.version).toBe('2.3.4');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
  });

  it('names the developer from TEAMS_APP_DEVELOPER (default "Change bot"), at most 32 characters', async () => {
    expect(runPackage({ ...GOOD_ENV, TEAMS_APP_DEVELOPER: 'ISC Valais' }).code).toBe(0);
    expect(((await packagedManifest()).manifest.developer as { name: string }).name).toBe('ISC Valais');
    expect(runPackage(GOOD_ENV).code).toBe(0);
    expect(((await packagedManifest()).manifest.developer as { name: string }).name).toBe('Change bot');
    const long = runPackage({ ...GOOD_ENV, TEAMS_APP_DEVELOPER: 'x'.repeat(33) });
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('TEAMS_APP_DEVELOPER');
  });
});
