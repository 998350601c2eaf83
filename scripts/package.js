// `npm run package`: fills manifest/manifest.json from the environment, checks it against the official
// Teams schema bundled in @microsoft/app-manifest (offline), checks the icons, and zips manifest + icons
// into build/change-teams-app.zip, ready to upload to Teams.
//   node scripts/package.js [--out DIR]
// Exit codes: 0 written, 2 missing or invalid environment variable, 1 anything else (template, schema, icons).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const ZIP_NAME = 'change-teams-app.zip';
const ICONS = { color: 192, outline: 32 };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
/** TEAMS_APP_DEVELOPER when unset. */
const DEFAULT_DEVELOPER = 'Change bot';

/** The variables the package needs, and where an operator finds each value. */
const VARIABLES = [
  {
    name: 'TEAMS_APP_ID',
    check: checkGuid,
    find:
      'It is the Teams app\'s own id, a GUID you choose once: run `node -e "console.log(crypto.randomUUID())"` ' +
      'for the first package and keep the same value for every later one (a new id makes Teams see a different app).',
  },
  {
    name: 'MicrosoftAppId',
    check: checkGuid,
    find:
      "It is the bot's Entra app registration Application (client) ID, also shown on the Azure Bot resource " +
      'under Settings > Configuration > Microsoft App ID.',
  },
  {
    name: 'BOT_DOMAIN',
    check: checkHost,
    find:
      'It is the host name that serves https://<BOT_DOMAIN>/api/messages, e.g. change-bot.azurewebsites.net: ' +
      'the host part of the messaging endpoint on the Azure Bot resource.',
  },
];

class PackagingError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

function checkGuid(value) {
  return GUID.test(value) ? undefined : 'is not a GUID (like 2f0c7c3e-5b8a-4d3e-9a61-0c2b7e1f4a55)';
}

function checkHost(value) {
  if (value.includes('://')) return `must be a bare host name: drop "${value.split('://')[0]}://"`;
  if (value.includes('/'))
    return 'must be a bare host name: drop the path (the bot always listens on /api/messages)';
  if (value.includes(':'))
    return 'must be a bare host name: drop the port (Teams reaches the bot on HTTPS, port 443)';
  const labels = value.split('.');
  if (value.length > 253 || labels.length < 2 || !labels.every((label) => HOST_LABEL.test(label))) {
    return 'is not a public host name (letters, digits and hyphens between dots, like change-bot.azurewebsites.net)';
  }
  return undefined;
}

/** Reads and checks the packaging variables; throws one message that lists every problem. */
function readSettings(env) {
  const problems = [];
  const values = {};
  for (const variable of VARIABLES) {
    const value = (env[variable.name] ?? '').trim();
    if (!value) {
      problems.push(`${variable.name} is not set. ${variable.find}`);
      continue;
    }
    const problem = variable.check(value);
    if (problem) problems.push(`${variable.name} "${value}" ${problem}. ${variable.find}`);
    else values[variable.name] = value;
  }
  const version = (env.TEAMS_APP_VERSION ?? '').trim() || readPackageVersion();
  // Teams shows it as the app's developer; the organisation that runs the bot, not this code's authors.
  const developer = (env.TEAMS_APP_DEVELOPER ?? '').trim() || DEFAULT_DEVELOPER;
  if (developer.length > 32) {
    problems.push(
      `TEAMS_APP_DEVELOPER "${developer}" is longer than the 32 characters Teams allows: use a short organisation name.`,
    );
  }
  if (!SEMVER.test(version)) {
    problems.push(
      `TEAMS_APP_VERSION "${version}" must be three numbers like 1.4.0 (Teams updates an app only when it grows).`,
    );
  }
  if (problems.length > 0) {
    throw new PackagingError(
      `${problems.join('\n')}\nSet them in the environment (export NAME=value), or put them in a .env file ` +
        'and run `node --env-file=.env scripts/package.js`. See docs/running.md, "5. Package and install the Teams app".',
      2,
    );
  }
  return {
    TEAMS_APP_ID: values.TEAMS_APP_ID.toLowerCase(),
    MicrosoftAppId: values.MicrosoftAppId.toLowerCase(),
    BOT_DOMAIN: values.BOT_DOMAIN.toLowerCase(),
    APP_VERSION: version,
    DEVELOPER_NAME: developer,
  };
}

function readPackageVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
}

/** Replaces every ${{NAME}} in the template's strings; an unknown name is a template mistake. */
function fillPlaceholders(node, values) {
  if (typeof node === 'string') {
    return node.replace(/\$\{\{(\w+)\}\}/g, (_, name) => {
      if (!(name in values)) {
        throw new PackagingError(
          `manifest/manifest.json uses \${{${name}}}, which the packaging script does not know.`,
          1,
        );
      }
      return values[name];
    });
  }
  if (Array.isArray(node)) return node.map((item) => fillPlaceholders(item, values));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, fillPlaceholders(value, values)]),
    );
  }
  return node;
}

/** The official schema for the manifest's version, from the copy bundled in @microsoft/app-manifest. */
function bundledSchema(manifestVersion) {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(
    packageDir,
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  if (!fs.existsSync(file)) {
    throw new PackagingError(
      `No bundled Teams schema for manifestVersion ${manifestVersion}; use a version that @microsoft/app-manifest ships.`,
      1,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function validateManifest(manifest) {
  const { AppManifestUtils } = require('@microsoft/app-manifest');
  const failures = await AppManifestUtils.validateAgainstSchema(
    manifest,
    bundledSchema(manifest.manifestVersion),
  );
  if (failures.length > 0) {
    throw new PackagingError(
      `The filled manifest does not match the Teams schema:\n  ${failures.join('\n  ')}`,
      1,
    );
  }
}

/** Teams rejects a package whose icons have the wrong size; the outline icon must be white on transparent. */
function checkIcon(kind, buffer) {
  const { PNG } = require('pngjs');
  const size = ICONS[kind];
  let png;
  try {
    png = PNG.sync.read(buffer);
  } catch {
    throw new PackagingError(`manifest/${kind}.png is not a PNG file. Run node manifest/draw-icons.js.`, 1);
  }
  if (png.width !== size || png.height !== size) {
    throw new PackagingError(
      `manifest/${kind}.png is ${png.width}x${png.height}; Teams needs ${size}x${size}.`,
      1,
    );
  }
  if (kind === 'outline') {
    for (let at = 0; at < png.data.length; at += 4) {
      const [r, g, b, a] = png.data.subarray(at, at + 4);
      if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) {
        throw new PackagingError('manifest/outline.png must be white on a transparent background.', 1);
      }
    }
    if (png.data[3] !== 0)
      throw new PackagingError('manifest/outline.png needs a transparent background.', 1);
  }
}

/** Builds the zip Teams installs: manifest.json and the two icons, at the root of the archive. */
async function buildPackage(env, outDir) {
  const settings = readSettings(env);
  const template = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
  const manifest = fillPlaceholders(template, settings);
  await validateManifest(manifest);

  const JSZip = require('jszip');
  const zip = new JSZip();
  // A fixed date keeps the zip identical for identical inputs.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const kind of Object.keys(ICONS)) {
    const file = manifest.icons[kind];
    const buffer = fs.readFileSync(path.join(MANIFEST_DIR, file));
    checkIcon(kind, buffer);
    zip.file(file, buffer, { date });
  }
  fs.mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, ZIP_NAME);
  fs.writeFileSync(target, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { target, manifest };
}

async function main(argv, env) {
  const outIndex = argv.indexOf('--out');
  const outDir =
    outIndex >= 0 && argv[outIndex + 1] ? path.resolve(argv[outIndex + 1]) : path.join(ROOT, 'build');
  try {
    const { target, manifest } = await buildPackage(env, outDir);
    console.log(`Teams app package written: ${target}`);
    console.log(`  app id ${manifest.id}, version ${manifest.version}, bot ${manifest.bots[0].botId}`);
    console.log(
      `  messaging endpoint to set on the Azure Bot: https://${manifest.validDomains[0]}/api/messages`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PackagingError) {
      console.error(`Cannot build the Teams app package.\n${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`Cannot build the Teams app package: ${error && error.message}`);
      process.exitCode = 1;
    },
  );
}

module.exports = { readSettings, checkHost, buildPackage };
