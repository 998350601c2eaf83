// `npm run cards:render`: renders every card template, filled with the sample data of
// test/cards/samples.ts, to docs/cards/<name>-light.png and -dark.png, and writes docs/cards/README.md.
// It draws with the `adaptivecards` renderer (plus markdown-it, as Teams renders markdown) in headless
// Chromium, with host configs that approximate the Teams light and dark themes.
// Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH; no network is used.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { URL } = require('url');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'docs', 'cards');
const THEMES = ['light', 'dark'];

// Runs the TypeScript samples from source: swc strips the types, as it does for jest.
function registerTypeScript() {
  const swc = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = swc.transformSync(source, {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) {
    console.error(
      'Chromium was not found. Install it (Debian: apt-get update && apt-get install -y chromium) ' +
        'or set CHROMIUM_PATH to its executable, then run npm run cards:render again.',
    );
    process.exit(2);
  }
  return found;
}

function read(relative) {
  return fs.readFileSync(path.join(root, relative), 'utf8');
}

// Teams-like buttons and inputs: the library's stylesheet is neutral; these follow the theme.
function themeCss(theme) {
  const dark = theme === 'dark';
  const page = dark ? '#1F1F1F' : '#F5F5F5';
  const text = dark ? '#FFFFFF' : '#242424';
  const border = dark ? '#5C5C5C' : '#D1D1D1';
  const buttonBg = dark ? '#292929' : '#FFFFFF';
  const accent = dark ? '#7F85F5' : '#5B5FC7';
  const attention = dark ? '#F9526B' : '#C4314B';
  const inputBg = dark ? '#1F1F1F' : '#FFFFFF';
  return `
    body { margin: 0; padding: 16px; background: ${page}; font-family: 'Segoe UI', 'Liberation Sans', sans-serif; }
    #frame { width: 640px; border-radius: 6px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,${dark ? 0.6 : 0.2}); }
    .ac-pushButton { background: ${buttonBg}; color: ${text}; border: 1px solid ${border}; border-radius: 4px;
      padding: 5px 12px; font-family: inherit; font-size: 14px; font-weight: 600; min-height: 32px; }
    .ac-pushButton.style-positive { background: ${accent}; border-color: ${accent}; color: #FFFFFF; }
    .ac-pushButton.style-destructive { background: ${buttonBg}; color: ${attention}; border-color: ${attention}; }
    .ac-pushButton.expanded { background: ${dark ? '#3D3D3D' : '#E0E0E0'}; color: ${text}; border-color: ${border}; }
    .ac-input, .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput {
      background: ${inputBg}; color: ${text}; border: 1px solid ${border}; border-radius: 4px;
      font-family: inherit; font-size: 14px; padding: 5px 8px; min-height: 32px; box-sizing: border-box; color-scheme: ${theme}; }
    .ac-input.ac-multiline { min-height: 64px; }
    .ac-input.ac-toggleInput { border: none; background: transparent; padding: 0; min-height: 0; }
    .ac-toggleInput input { accent-color: ${accent}; }
    .ac-pushButton.expandable:after { font-family: inherit; font-size: 12px; content: ' \\25BE'; }
    .ac-pushButton.expandable.expanded:after { content: ' \\25B4'; }
    .ac-textBlock p { margin: 0; }
    .ac-textBlock p + p { margin-top: 6px; }
    .ac-textBlock ol, .ac-textBlock ul { margin: 0; padding-left: 22px; }
    a { color: ${accent}; }
  `;
}

function pageHtml(theme) {
  return `<!doctype html><html><head><meta charset="utf-8">
    <style>${read('node_modules/adaptivecards/dist/adaptivecards.css')}</style>
    <style>${themeCss(theme)}</style>
    </head><body><div id="frame"></div></body></html>`;
}

function renderInPage({ card, hostConfig, expand }) {
  /* global document, AdaptiveCards */
  const adaptiveCard = new AdaptiveCards.AdaptiveCard();
  adaptiveCard.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  adaptiveCard.parse(card);
  const element = adaptiveCard.render();
  const frame = document.getElementById('frame');
  frame.replaceChildren(element);
  if (expand) {
    const button = [...frame.querySelectorAll('button')].find((b) => b.textContent.trim() === expand);
    if (!button) throw new Error(`No button "${expand}" to open`);
    button.click();
  }
  // Toggles and inputs show their values, as Teams would.
  return true;
}

function readmeFor(samples) {
  const lines = [
    '# Card pictures',
    '',
    'Every card the bot sends, filled with the sample data of `test/cards/samples.ts` and drawn with the',
    '`adaptivecards` renderer in the Teams light and dark themes (an approximation: Teams draws its own',
    "buttons, fonts and date pickers, which follow each reader's language). Regenerate with",
    '`npm run cards:render` after changing a template in `cards/`.',
    '',
  ];
  for (const sample of samples) {
    lines.push(`## ${sample.caption}`, '');
    lines.push(`Template: \`cards/${sample.kind}.json\` · picture: \`${sample.name}\``, '');
    for (const theme of THEMES)
      lines.push(`<img src="${sample.name}-${theme}.png" alt="${sample.name} (${theme})" width="48%">`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  registerTypeScript();
  const { renderSamples } = require(path.join(root, 'test', 'cards', 'samples.ts'));
  const all = renderSamples();
  // CARDS_ONLY=decision,drill re-renders those pictures only (the others stay as they are).
  const only = process.env.CARDS_ONLY
    ? process.env.CARDS_ONLY.split(',').map((name) => name.trim())
    : undefined;
  const samples = only ? all.filter((sample) => only.includes(sample.name)) : all;
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-render-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 700, height: 800 },
  });
  try {
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      const local =
        protocol === 'data:' ||
        protocol === 'about:' ||
        ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
      return local ? route.continue() : route.abort();
    });
    fs.mkdirSync(outDir, { recursive: true });
    if (!only)
      for (const file of fs.readdirSync(outDir))
        if (file.endsWith('.png')) fs.unlinkSync(path.join(outDir, file));
    const page = context.pages()[0] ?? (await context.newPage());
    for (const theme of THEMES) {
      const hostConfig = JSON.parse(read(`scripts/render-cards.teams-${theme}.json`));
      await page.setContent(pageHtml(theme));
      await page.addScriptTag({
        content: read('node_modules/markdown-it/dist/browser/markdown-it.umd.min.js'),
      });
      await page.addScriptTag({ content: read('node_modules/adaptivecards/dist/adaptivecards.min.js') });
      for (const sample of samples) {
        await page.evaluate(renderInPage, { card: sample.card, hostConfig, expand: sample.expand });
        const file = path.join(outDir, `${sample.name}-${theme}.png`);
        await page.locator('#frame').screenshot({ path: file });
        console.log(path.relative(root, file));
      }
    }
    fs.writeFileSync(path.join(outDir, 'README.md'), readmeFor(all));
    console.log(`${samples.length * THEMES.length} pictures and docs/cards/README.md written.`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
