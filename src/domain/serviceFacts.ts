import { Duration } from 'luxon';
import type { ProcessDefinition, RestorePath, ServiceDefinition } from './process';
import type { ServiceCopy } from './serviceCopy';

export type { ServiceCopy } from './serviceCopy';

/**
 * What the process says about the service a change was made for. Every reader of restore paths, snapshot
 * figures, approvers and audience of a change goes through here, so that where they live (the process
 * file, or the copy a change keeps of its service) is a detail of this file.
 */
export interface ServiceFacts extends ServiceDefinition {
  /** False when the service is no longer in the process file: the facts are the change's copy. */
  inFile: boolean;
}

/** A change, or anything that names its service and may carry the copy made at its creation. */
export interface ServiceOwner {
  service: string;
  serviceAtCreation?: ServiceCopy;
}

/** The service by name in the process file, else the change's copy of it, else the file's first service. */
export function serviceFacts(proc: ProcessDefinition, of: string | ServiceOwner): ServiceFacts {
  const name = typeof of === 'string' ? of : of.service;
  const current = findService(proc, name);
  if (current) return { ...current, inFile: true };
  const first = proc.services[0] ?? serviceOfProcess(proc);
  const copy = typeof of === 'string' ? undefined : of.serviceAtCreation;
  if (copy) return { ...first, ...serviceFromCopy(copy), preparationChecklist: [], inFile: false };
  return { ...first, inFile: false };
}

/** The named service of the process file (names compare without regard to case), if it has one. */
export function findService(proc: ProcessDefinition, name: string): ServiceDefinition | undefined {
  const wanted = name.trim().toLowerCase();
  return proc.services.find((service) => service.name.toLowerCase() === wanted);
}

/**
 * The process as one service sees it: the top-level fields (approvers, snapshot, timings, …) are that
 * service's. The domain, the cards and the mails are handed this for the change they work on.
 */
export function processFor(proc: ProcessDefinition, of: string | ServiceOwner): ProcessDefinition {
  return { ...proc, ...processOfService(serviceFacts(proc, of)) };
}

/** The one-service fields of a ProcessDefinition, from a service. */
export function processOfService(
  service: ServiceDefinition,
): Omit<ProcessDefinition, 'services' | 'blackouts' | 'blackoutCalendar' | 'steps'> {
  return {
    timeZone: service.timeZone,
    leadTime: service.leadTime,
    before: service.before,
    decisionBeforeEnd: service.decisionBeforeEnd,
    maxWindow: service.maxWindow,
    links: service.links,
    service: {
      name: service.name,
      host: service.host,
      provider: service.provider,
      snapshotSteps: service.snapshot.steps,
      ...(service.channel ? { channel: service.channel } : {}),
    },
    snapshot: { duration: service.snapshot.duration, margin: service.snapshot.margin },
    approvers: service.approvers,
    audience: service.audience,
    ...(service.languages ? { languages: service.languages } : {}),
  };
}

/** The copy a new change keeps of its service (see ServiceCopy for what is in it and why). */
export function copyOfService(service: ServiceDefinition): ServiceCopy {
  return {
    name: service.name,
    host: service.host,
    provider: service.provider,
    ...(service.channel ? { channel: service.channel } : {}),
    snapshot: {
      steps: service.snapshot.steps,
      duration: service.snapshot.duration.toISO()!,
      margin: service.snapshot.margin.toISO()!,
    },
    restorePaths: service.restorePaths.map(({ duration, ...path }) => ({
      ...path,
      ...(duration ? { duration: duration.toISO()! } : {}),
    })),
    approvers: service.approvers.map((person) => ({ ...person })),
    audience: { emails: [...service.audience.emails] },
  };
}

function serviceFromCopy(copy: ServiceCopy): Omit<ServiceDefinition, keyof ProcessDefinitionRules> {
  return {
    name: copy.name,
    host: copy.host,
    provider: copy.provider,
    ...(copy.channel ? { channel: copy.channel } : {}),
    snapshot: {
      steps: copy.snapshot.steps,
      duration: Duration.fromISO(copy.snapshot.duration),
      margin: Duration.fromISO(copy.snapshot.margin),
    },
    restorePaths: copy.restorePaths.map(({ duration, ...path }) => ({
      ...path,
      ...(duration ? { duration: Duration.fromISO(duration) } : {}),
    })),
    approvers: copy.approvers,
    audience: copy.audience,
    preparationChecklist: [],
  };
}

type ProcessDefinitionRules = Pick<
  ServiceDefinition,
  'timeZone' | 'leadTime' | 'before' | 'decisionBeforeEnd' | 'maxWindow' | 'links'
>;

/** A process built by hand with no `services` list (older tests): its top-level fields are its one service. */
function serviceOfProcess(proc: ProcessDefinition): ServiceDefinition {
  return {
    timeZone: proc.timeZone,
    leadTime: proc.leadTime,
    before: proc.before,
    decisionBeforeEnd: proc.decisionBeforeEnd,
    maxWindow: proc.maxWindow,
    links: proc.links,
    name: proc.service.name,
    host: proc.service.host,
    provider: proc.service.provider,
    ...(proc.service.channel ? { channel: proc.service.channel } : {}),
    snapshot: { steps: proc.service.snapshotSteps, ...proc.snapshot },
    restorePaths: [],
    approvers: proc.approvers,
    audience: proc.audience,
    preparationChecklist: [],
  };
}

/** The fastest restore path whose duration is known, if any. */
export function shortestRestore(facts: {
  restorePaths: RestorePath[];
}): (RestorePath & { duration: Duration }) | undefined {
  let best: (RestorePath & { duration: Duration }) | undefined;
  for (const path of facts.restorePaths) {
    if (path.duration && (!best || path.duration.toMillis() < best.duration.toMillis())) {
      best = { ...path, duration: path.duration };
    }
  }
  return best;
}

/** The services the process file names, in its order; `drill <service>` chooses among them. */
export function serviceNames(proc: ProcessDefinition): string[] {
  return proc.services.map((service) => service.name);
}
