import type { MilestoneSpec } from '../milestoneSpec';
import type { NoticeSpec, Role, Step, Verb } from './step';

/*
 * The tables every layer reads, derived from one list of steps (the process's, steps/index.ts for the
 * built-in ones): built once per list and kept as long as the list lives.
 */
export interface StepTables<P> {
  milestones: readonly MilestoneSpec<P>[];
  verbs: ReadonlyMap<string, Verb<P>>;
  notices: ReadonlyMap<string, NoticeSpec<P> & { milestone?: string }>;
  roles: ReadonlyMap<string, Role>;
}

const built = new WeakMap<readonly Step<unknown>[], StepTables<unknown>>();

function build<P>(steps: readonly Step<P>[]): StepTables<P> {
  const verbs = new Map<string, Verb<P>>();
  const notices = new Map<string, NoticeSpec<P> & { milestone?: string }>();
  for (const step of steps) {
    for (const spec of step.verbs) {
      if (verbs.has(spec.type)) throw new Error(`Two steps define the verb "${spec.type}".`);
      verbs.set(spec.type, spec);
    }
    for (const spec of step.notices) {
      if (notices.has(spec.kind)) throw new Error(`Two steps send the notice "${spec.kind}".`);
      const milestone = spec.forMilestone ? step.milestone?.name : undefined;
      notices.set(spec.kind, { ...spec, ...(milestone ? { milestone } : {}) });
    }
  }
  const roles = new Map<string, Role>([...verbs.values()].map((spec) => [spec.type, spec.role]));
  roles.set('milestone', 'system');
  const milestones = steps.flatMap((step) => (step.milestone ? [step.milestone] : []));
  return { milestones, verbs, notices, roles };
}

export function tablesOf<P>(steps: readonly Step<P>[]): StepTables<P> {
  let tables = built.get(steps as readonly Step<unknown>[]) as StepTables<P> | undefined;
  if (!tables) {
    tables = build(steps);
    built.set(steps as readonly Step<unknown>[], tables as StepTables<unknown>);
  }
  return tables;
}

/** The `before.<key>` offsets a list of steps needs from the process file. */
export function offsetKeys<P>(steps: readonly Step<P>[]): string[] {
  return tablesOf(steps).milestones.flatMap((spec) => (spec.due ? [] : [spec.offsetKey ?? spec.name]));
}
