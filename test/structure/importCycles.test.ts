import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCycles, importGraph } from './importGraph';

const src = path.resolve(__dirname, '../../src');

describe('import cycles', () => {
  it('src/domain has none (decide.ts and milestones.ts used to import each other)', () => {
    expect(importCycles(importGraph(path.join(src, 'domain')))).toEqual([]);
  });

  it('src/ as a whole has none', () => {
    expect(importCycles(importGraph(src))).toEqual([]);
  });

  it('finds a cycle, type-only imports included, and names its files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cycles-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type {\n  C,\n} from './c';\nexport const b = 1 as C;\n",
      );
      fs.mkdirSync(path.join(dir, 'c'));
      fs.writeFileSync(path.join(dir, 'c', 'index.ts'), "export type { A as C } from '../a';\n");
      fs.writeFileSync(path.join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      expect(importCycles(importGraph(dir))).toEqual([['a.ts', 'b.ts', path.join('c', 'index.ts')]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
