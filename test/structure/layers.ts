import fs from 'node:fs';
import path from 'node:path';
import { importGraph } from './importGraph';

/**
 * The layer rule, for any source tree (src/, or a fixture proving the rule can fail). Every folder directly under
 * the tree and every file at its top is placed on a floor, bottom first; a file may import only from a floor below
 * its own (its own folder aside). Each framework may be imported from the folders named for it only.
 */
export interface Layering {
  /** Folder names ('domain') and top-level files ('main.ts'), bottom floor first. */
  floors: readonly (readonly string[])[];
  /** A package, and the folders allowed to import it ('botbuilder-*' covers the package's family). */
  fenced: readonly { packages: readonly string[]; only: readonly string[] }[];
}

/** What breaks the rule, one line each, naming the file and what it imports. */
export function layerViolations(dir: string, layering: Layering): string[] {
  const floorOf = new Map<string, number>();
  layering.floors.forEach((names, floor) => names.forEach((name) => floorOf.set(name, floor)));
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const parts = entries.flatMap((entry) =>
    entry.isDirectory() ? [entry.name] : entry.name.endsWith('.ts') ? [entry.name] : [],
  );
  const problems: string[] = [];
  for (const part of parts) {
    const kind = part.endsWith('.ts') ? 'file' : 'folder';
    if (!floorOf.has(part)) problems.push(`place new ${kind} ${part} in the layer list`);
  }
  for (const name of floorOf.keys()) {
    if (!parts.includes(name)) problems.push(`${name} is in the layer list but not in the tree: take it out`);
  }
  const partOf = (file: string) => file.split(path.sep)[0]!;
  for (const [file, targets] of importGraph(dir)) {
    const from = floorOf.get(partOf(file));
    for (const target of targets) {
      const to = floorOf.get(partOf(target));
      if (from === undefined || to === undefined || partOf(file) === partOf(target)) continue;
      if (to > from)
        problems.push(`${file} imports ${target}: upward, from ${partOf(file)} to ${partOf(target)}`);
      else if (to === from)
        problems.push(`${file} imports ${target}: ${partOf(file)} and ${partOf(target)} share a floor`);
    }
  }
  for (const [file, packages] of packageImports(dir)) {
    for (const fence of layering.fenced) {
      if (fence.only.includes(partOf(file))) continue;
      for (const name of packages.filter((each) =>
        fence.packages.some((pattern) => matches(pattern, each)),
      )) {
        problems.push(`${file} imports ${name}: only ${fence.only.join(', ')} may`);
      }
    }
  }
  return problems;
}

/** The packages each file imports (static, dynamic or required), by the name it gives. */
export function packageImports(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const names = [
          ...text.matchAll(
            /(?:\bfrom\s+|^\s*import\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'".][^'"]*)['"]/gm,
          ),
        ].map((match) => match[1]!);
        if (names.length > 0) found.set(path.relative(dir, full), [...new Set(names)].sort());
      }
    }
  };
  visit(dir);
  return found;
}

function matches(pattern: string, name: string): boolean {
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern || name.startsWith(`${pattern}/`);
}
