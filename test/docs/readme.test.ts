/**
 * README.md is the front door: short, with the two commands CI runs, a process file that really loads, and a
 * Node note that names exactly the packages that warn on Node 20.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseProcess } from '../../src/config/processFile';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}`);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README.md', () => {
  it('stays short: the rest is in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('gives the two commands, and CI runs the test command it gives', () => {
    expect(readme).toContain('```sh\nnpm ci && npm start\n```');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
    const ci = fs
      .readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(ci.indexOf('npm test')).toBeGreaterThan(ci.indexOf('npm ci'));
    expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
  });

  it('shows a minimal process file that loads as it is', () => {
    const json = /```json\n([\s\S]*?)```/.exec(section('Your own service: a minimal process file'))![1]!;
    const proc = parseProcess(JSON.parse(json), 'README.md');
    expect(proc.services.map((service) => service.name)).toEqual(['Team Wiki']);
  });

  it('says what the Playground starts: its process file, its port, its variables, and that its data goes', () => {
    const text = section('Trying it in the Playground');
    for (const fact of [
      'process/e2e-fast.process.json',
      '56150',
      'PLAYGROUND_PORT',
      'PROCESS_FILE',
      'Ctrl-C',
    ])
      expect(text).toContain(fact);
    const script = fs.readFileSync(path.join(ROOT, 'scripts', 'playground.js'), 'utf8');
    expect(script).toContain('process.env.PLAYGROUND_PORT || 56150');
    expect(script).toContain('process.env.PROCESS_FILE');
  });

  it('names every installed package whose engines leave Node 20 out', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const semver = require('semver') as { satisfies(version: string, range: string): boolean };
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const warned = new Set<string>();
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (where && range && !semver.satisfies('20.20.0', range))
        warned.add(where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    }
    expect(warned.size).toBeGreaterThan(0);
    const note = section('Where to go next').slice(section('Where to go next').indexOf('### Node versions'));
    const named = new Set([...note.matchAll(/`(@?[a-z0-9][\w./-]*)`/g)].map((match) => match[1]!));
    for (const name of warned) expect({ name, named: named.has(name) }).toEqual({ name, named: true });
  });
});
