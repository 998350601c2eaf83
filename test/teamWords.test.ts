/**
 * No team words in the code: everything that names the team, its service, its VM, its provider or its tools
 * lives in the process file. The words are taken from the seed process file (the first release's one, kept as
 * test/fixtures/single-service.process.json); the test checks that each really is in it, then greps every
 * file under src/ and cards/ for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const SEED = readFileSync(path.join(__dirname, 'fixtures', 'single-service.process.json'), 'utf8');
const SHIPPED = readFileSync(path.join(ROOT, 'process', 'isc-learn.process.json'), 'utf8');

/** Whole words, case-sensitive ("ISC" the team, not "isc-learn.process.json" the shipped file's name). */
const WORDS = ['ISC', 'Hannibal', 'Infomaniak', 'Pierre', 'André', 'isc-vs', 'isc.example.org'];
/** In the seed's restore guidance (the incident card of the first release), now in the shipped file. */
const RESTORE_WORDS = ['NAS', 'SSD'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

const pattern = (word: string) =>
  new RegExp(`(?<![\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);

describe('team words', () => {
  it('are all taken from the seed process file, and the shipped file still holds them', () => {
    for (const word of WORDS) {
      expect({ word, inSeed: pattern(word).test(SEED), inShipped: pattern(word).test(SHIPPED) }).toEqual({
        word,
        inSeed: true,
        inShipped: true,
      });
    }
    for (const word of RESTORE_WORDS)
      expect({ word, inShipped: pattern(word).test(SHIPPED) }).toEqual({ word, inShipped: true });
  });

  it('appear nowhere in src/ or cards/', () => {
    const found: string[] = [];
    for (const file of [...filesUnder(path.join(ROOT, 'src')), ...filesUnder(path.join(ROOT, 'cards'))]) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        for (const word of [...WORDS, ...RESTORE_WORDS]) {
          if (pattern(word).test(line)) found.push(`${path.relative(ROOT, file)}:${index + 1}: ${word}`);
        }
      });
    }
    expect(found).toEqual([]);
  });
});
