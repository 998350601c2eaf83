import path from 'node:path';
import { importGraph } from './importGraph';

const src = path.resolve(__dirname, '../../src');
const graph = importGraph(src);

/** Files under `from` that import something under `to` (relative to src/). */
function crossings(from: string, to: string): string[] {
  return [...graph]
    .filter(([file]) => file.startsWith(`${from}/`))
    .flatMap(([file, targets]) =>
      targets.filter((t) => t.startsWith(`${to}/`)).map((t) => `${file} -> ${t}`),
    );
}

describe('layers', () => {
  it('cards import nothing from the store (the change summary they list is the domain type)', () => {
    expect(crossings('cards', 'store')).toEqual([]);
  });

  it('the domain imports nothing from the store, the app, the bot, the cards or mail', () => {
    expect(['store', 'app', 'bot', 'cards', 'mail'].flatMap((layer) => crossings('domain', layer))).toEqual(
      [],
    );
  });
});
