import fs from 'node:fs';
import path from 'node:path';
import { parseProcess } from '../../src/config/processFile';
import { serviceFacts } from '../../src/domain/serviceFacts';
import { BUILT_IN_STEPS } from '../../src/domain/steps';
import { SIGNOFF } from './fixture/signoff.step';

/** The process file of a process with a step of its own: `before` names its offset, a service may override it. */
const example = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../process/two-services.example.process.json'), 'utf8'),
) as { before: Record<string, string>; services: Record<string, unknown>[] };
const steps = [...BUILT_IN_STEPS.slice(0, 4), SIGNOFF, ...BUILT_IN_STEPS.slice(4)];

function withSignoff(serviceBefore?: Record<string, string>) {
  const [first, ...rest] = example.services;
  return {
    ...example,
    before: { ...example.before, signoff: 'P3D' },
    services: [{ ...first, ...(serviceBefore ? { before: serviceBefore } : {}) }, ...rest],
  };
}

describe('a process file read with steps of its own', () => {
  it("takes the step's offset at the top level and a service's own", () => {
    const proc = parseProcess(withSignoff({ signoff: 'P2D' }), 'own.process.json', steps);
    const [first, second] = proc.services;
    expect(serviceFacts(proc, first!.name).before.signoff?.as('days')).toBe(2);
    expect(serviceFacts(proc, second!.name).before.signoff?.as('days')).toBe(3);
    expect(proc.steps).toBe(steps);
  });

  it('still refuses an offset no step names, at the top level and in a service', () => {
    expect(() => parseProcess(withSignoff({ signof: 'P2D' }), 'own.process.json', steps)).toThrow(
      /services\[0\]\.before\.signof.*unknown field/,
    );
    expect(() => parseProcess(withSignoff(), 'own.process.json')).toThrow(/before\.signoff.*unknown field/);
  });
});
