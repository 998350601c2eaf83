import type { Duration } from 'luxon';
import type {
  Audience,
  AlertmanagerTarget,
  PreparationStep,
  ProcessPerson,
  ServiceDefinition,
  SharedRules,
} from '../domain/process';
import type { Language } from '../i18n/languages';
import { ConfigError } from './errors';

/*
 * The process file as the schemas of processSchema.ts leave it (durations parsed), spelled out so that the
 * shape reads here; processFile.ts hands the parsed file to these functions, which checks both agree.
 */
type Channel = { teamId: string; channelId: string };

export interface SingleServiceFile extends Omit<SharedRules, 'links'> {
  service: { name: string; host: string; provider: string; snapshotSteps: string; channel?: Channel };
  snapshot: { duration: Duration; margin: Duration };
  restoreDuration: Duration;
  approvers: ProcessPerson[];
  drillers?: ProcessPerson[] | undefined;
  audience: Audience;
  languages?: Language[] | undefined;
  alertmanager?: AlertmanagerTarget | undefined;
  links: SharedRules['links'] & { drpBackupRestore: string; drpSnapshotRestore: string };
}

export interface ServicesFile extends SharedRules {
  languages?: Language[] | undefined;
  services: {
    name: string;
    host: string;
    provider: string;
    channel?: Channel;
    snapshot: { steps: string; duration: Duration; margin: Duration };
    restorePaths: { name: string; description: string; link: string; duration?: Duration | undefined }[];
    approvers: ProcessPerson[];
    drillers?: ProcessPerson[] | undefined;
    audience: Audience;
    languages?: Language[] | undefined;
    preparationChecklist?: PreparationStep[] | undefined;
    timeZone?: string | undefined;
    leadTime?: Duration | undefined;
    before?: Partial<SharedRules['before']> | undefined;
    decisionBeforeEnd?: Duration | undefined;
    maxWindow?: Duration | undefined;
    links?: Partial<SharedRules['links']> | undefined;
    alertmanager?: AlertmanagerTarget | undefined;
  }[];
}

/**
 * The preparation steps of the process page ("3 weeks before"): what a file in the single-`service` format
 * gets, and a service entry that lists no `preparationChecklist`. The ids are stored in changes and sent
 * back by the checklist buttons, so they never change.
 */
export const DEFAULT_PREPARATION_CHECKLIST: readonly PreparationStep[] = [
  { id: 'prepare', label: 'Prepared all I can to limit what can go wrong' },
  { id: 'tests', label: 'Validation tests written (it worked, nothing broke)' },
  { id: 'window', label: 'Time window estimated' },
];

/** The one service a file in the single-`service` format describes, its two restore links as restore paths. */
export function serviceOfSingleFile(raw: SingleServiceFile): ServiceDefinition {
  return {
    timeZone: raw.timeZone,
    leadTime: raw.leadTime,
    before: raw.before,
    decisionBeforeEnd: raw.decisionBeforeEnd,
    maxWindow: raw.maxWindow,
    links: {
      plannedMaintenanceTemplate: raw.links.plannedMaintenanceTemplate,
      incidentProcess: raw.links.incidentProcess,
    },
    name: raw.service.name,
    host: raw.service.host,
    provider: raw.service.provider,
    ...(raw.service.channel ? { channel: raw.service.channel } : {}),
    snapshot: { steps: raw.service.snapshotSteps, ...raw.snapshot },
    restorePaths: [
      {
        name: 'Backup',
        description:
          'Restore the affected files in place from the backup; the time depends on how much must be restored.',
        link: raw.links.drpBackupRestore,
      },
      {
        name: 'Data snapshot',
        description: 'Restore the data snapshot taken before the window.',
        link: raw.links.drpSnapshotRestore,
        duration: raw.restoreDuration,
      },
    ],
    approvers: raw.approvers,
    ...(raw.drillers ? { drillers: raw.drillers } : {}),
    audience: raw.audience,
    ...(raw.languages ? { languages: raw.languages } : {}),
    ...(raw.alertmanager ? { alertmanager: raw.alertmanager } : {}),
    preparationChecklist: [...DEFAULT_PREPARATION_CHECKLIST],
  };
}

/** Each entry of `services` with the shared rules filled in where it does not override them. */
export function servicesOfFile(raw: ServicesFile, source: string): ServiceDefinition[] {
  const shared: SharedRules = {
    timeZone: raw.timeZone,
    leadTime: raw.leadTime,
    before: raw.before,
    decisionBeforeEnd: raw.decisionBeforeEnd,
    maxWindow: raw.maxWindow,
    links: raw.links,
  };
  const seen = new Map<string, number>();
  return raw.services.map((entry, index) => {
    const first = seen.get(entry.name.toLowerCase());
    if (first !== undefined) {
      throw new ConfigError(
        `${source}: services[${index}].name`,
        `"${entry.name}" is already the name of services[${first}]`,
        'Give every service its own name: changes, the form and the calendar feed tell services apart by it.',
      );
    }
    seen.set(entry.name.toLowerCase(), index);
    const languages = entry.languages ?? raw.languages;
    return {
      timeZone: entry.timeZone ?? shared.timeZone,
      leadTime: entry.leadTime ?? shared.leadTime,
      before: { ...shared.before, ...definedOnly(entry.before ?? {}) },
      decisionBeforeEnd: entry.decisionBeforeEnd ?? shared.decisionBeforeEnd,
      maxWindow: entry.maxWindow ?? shared.maxWindow,
      links: { ...shared.links, ...definedOnly(entry.links ?? {}) },
      name: entry.name,
      host: entry.host,
      provider: entry.provider,
      ...(entry.channel ? { channel: entry.channel } : {}),
      snapshot: entry.snapshot,
      restorePaths: entry.restorePaths.map(({ duration, ...path }) => ({
        ...path,
        ...(duration ? { duration } : {}),
      })),
      approvers: entry.approvers,
      ...(entry.drillers ? { drillers: entry.drillers } : {}),
      audience: entry.audience,
      ...(languages ? { languages } : {}),
      ...(entry.alertmanager ? { alertmanager: entry.alertmanager } : {}),
      preparationChecklist: uniqueSteps(
        entry.preparationChecklist ?? [...DEFAULT_PREPARATION_CHECKLIST],
        `${source}: services[${index}].preparationChecklist`,
      ),
    };
  });
}

function definedOnly<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

function uniqueSteps(steps: PreparationStep[], where: string): PreparationStep[] {
  const ids = new Set<string>();
  steps.forEach((step, index) => {
    if (ids.has(step.id)) {
      throw new ConfigError(
        `${where}[${index}].id`,
        `"${step.id}" is used by an earlier step`,
        'Give every step its own id: the checklist buttons send it back.',
      );
    }
    ids.add(step.id);
  });
  return steps;
}
