// `node scripts/card-json.js > cards.json`: every sample card of test/cards/samples.ts (typical, minimal and
// maximal data) as the JSON the bot would post. Run it on two commits and compare the files to show that a
// change leaves the cards (and so their pictures) as they were, or exactly how it changes them.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const swc = require('@swc/core');
// Runs the TypeScript samples from source: swc strips the types, as it does for jest.
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
process.chdir(root);
const { cardSamples } = require(path.join(root, 'test/cards/samples.ts'));
const cards = ['typical', 'minimal', 'maximal'].flatMap((variant) =>
  cardSamples(variant).map(({ name, card }) => ({ variant, name, card })),
);
process.stdout.write(`${JSON.stringify(cards, null, 1)}\n`);
