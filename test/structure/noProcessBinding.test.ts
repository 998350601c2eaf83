import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The process definition is `proc` in src/: a binding called `process` hides Node's global in its scope
 * (process.env, process.exit...), so the lint config forbids it. The real eslint lints a snippet as if it
 * were a file in src/ (one run, one line per case).
 */
const root = path.resolve(__dirname, '../..');

const CASES = [
  ['a parameter', 'export function a(process: string) { return process; }'],
  ['a defaulted parameter', "export const b = (process = 'x') => process;"],
  ['a destructured parameter', 'export function c({ process }: { process: string }) { return process; }'],
  [
    'a local variable',
    'export function d(x: { process: string }) { const process = x.process; return process; }',
  ],
  [
    'a destructured variable',
    'export function e(x: { process: string }) { const { process } = x; return process; }',
  ],
  ['a constructor property', 'export class F { constructor(private process: string) {} }'],
] as const;
const ALLOWED =
  'export function g(x: { process: string }) { const { process: proc } = x; return { process: proc, pid: process.pid }; }';

function lintedLines(code: string): number[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/eslint/bin/eslint.js'),
        '--stdin',
        '--stdin-filename',
        'src/domain/example.ts',
        '--format',
        'json',
      ],
      { cwd: root, input: code, encoding: 'utf8' },
    );
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit code 1 when there are errors
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string; message: string; line: number }[] }[];
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-syntax' && m.message.includes('`proc`'))
    .map((m) => m.line);
}

describe('no binding named process in src/', () => {
  const lines = lintedLines([...CASES.map(([, code]) => code), ALLOWED].join('\n'));

  it.each(CASES.map(([what], index) => [what, index + 1] as const))('refuses %s', (_what, line) => {
    expect(lines.filter((l) => l === line)).toHaveLength(1);
  });

  it('allows a property named process bound to proc, and the global itself', () => {
    expect(lines).not.toContain(CASES.length + 1);
  });
});
