import path from 'node:path';
import { layerViolations, type Layering } from './layers';

const src = path.resolve(__dirname, '../../src');

/**
 * The floors of src/, bottom first: a file imports only from floors below its own. Derived from the imports
 * themselves; a new folder or top-level file must be placed here (the test says so).
 */
const SRC_LAYERS: Layering = {
  floors: [
    // The words of every language the bot speaks (catalogues, dates); it imports nothing of src/.
    ['i18n'],
    // The process and its rules; the framework-free pieces of a web answer (escaping, page style, route type).
    ['domain', 'web'],
    // The cards are views of the domain; config reads the process file into it.
    ['cards', 'config'],
    ['store', 'startup'],
    // Lifecycle, delivery, outbox: the domain run over the store.
    ['app'],
    ['scheduler', 'stats', 'status', 'mail', 'hooks', 'logging.ts', 'lastResort.ts'],
    ['health'],
    // The outer edges: Teams (botbuilder), HTTP (restify) and the blackout calendar.
    ['blackouts', 'http', 'bot'],
    // The bot's parts, wired (storage, Teams, a change's life, HTTP, ticking); compose.ts starts them in order.
    ['compose'],
    ['compose.ts'],
    ['main.ts'],
    ['start.ts', 'storeCopy.ts', 'subscriberData.ts'],
  ],
  fenced: [
    { packages: ['botbuilder', 'botbuilder-*', 'botframework-*'], only: ['bot'] },
    { packages: ['restify', 'restify-*'], only: ['http'] },
  ],
};

describe('layers of src/', () => {
  const violations = layerViolations(src, SRC_LAYERS);

  it('no import goes up or sideways, every folder and top-level file is placed, each framework stays in its folder', () => {
    expect(violations).toEqual([]);
  });
});

describe('the layer rule fails when it should (fixtures/layers)', () => {
  const fixture = path.join(__dirname, 'fixtures/layers');
  const restifyInHigh = [{ packages: ['restify'], only: ['high'] }];

  it('names an upward import, a framework outside its folder and an unplaced folder', () => {
    expect(
      layerViolations(fixture, { floors: [['low'], ['high'], ['entry.ts']], fenced: restifyInHigh }),
    ).toEqual([
      'place new folder stray in the layer list',
      `${path.join('low', 'climbs.ts')} imports ${path.join('high', 'top.ts')}: upward, from low to high`,
      `${path.join('low', 'framework.ts')} imports restify: only high may`,
    ]);
  });

  it('names an unplaced top-level file, a sideways import and a placed name the tree lacks', () => {
    expect(
      layerViolations(fixture, { floors: [['low', 'high', 'stray'], ['gone']], fenced: restifyInHigh }),
    ).toEqual([
      'place new file entry.ts in the layer list',
      'gone is in the layer list but not in the tree: take it out',
      `${path.join('high', 'top.ts')} imports ${path.join('low', 'base.ts')}: high and low share a floor`,
      `${path.join('low', 'climbs.ts')} imports ${path.join('high', 'top.ts')}: low and high share a floor`,
      `${path.join('low', 'framework.ts')} imports restify: only high may`,
    ]);
  });

  it('says nothing of a tree that keeps the rule', () => {
    expect(
      layerViolations(path.join(fixture, 'high'), { floors: [['top.ts', 'server.ts']], fenced: [] }),
    ).toEqual([]);
  });
});
