import fs from 'node:fs';
import path from 'node:path';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { Blackout } from '../domain/blackouts';
import { plainLine } from '../domain/plainText';
import type { BlackoutCalendarSource, ProcessDefinition, ServiceDefinition } from '../domain/process';
import { processOfService } from '../domain/serviceFacts';
import { BUILT_IN_STEPS } from '../domain/steps';
import { offsetKeys } from '../domain/steps/lookup';
import type { Step as StepOf } from '../domain/steps/step';
import { isChannelId, parseChannelLink } from './channelLink';
import { parseIsoDuration } from './duration';
import { closest, fieldsAt } from './didYouMean';
import { ConfigError } from './errors';
import { jsonSyntaxProblem } from './jsonPosition';
import { serviceOfSingleFile, servicesOfFile } from './services';

type Step = StepOf<ProcessDefinition>;

// A number (21 for 21 days) gets the ISO 8601 hint too; a missing field still reads "is missing".
const durationText = z.string({
  error: (issue) =>
    issue.input === undefined
      ? undefined
      : 'must be an ISO 8601 duration in quotes, like "P21D", "PT2H30M" or "PT45S"',
});

const duration = durationText.transform((text, ctx) => {
  const parsed = parseIsoDuration(text);
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a positive ISO 8601 duration; write it like P21D, PT2H30M or PT45S`,
    });
    return z.NEVER;
  }
  return parsed;
});

// Control characters are dropped where the file is read: names and texts reach cards, mails and the Atom feed.
const text = z.string().transform(plainLine).pipe(z.string().trim().min(1, 'must not be empty'));
const email = z.email('must be an e-mail address like name@example.org');
const url = z.url('must be a full link starting with https://');

const person = z.strictObject({
  name: text,
  aadObjectId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be the person's Entra object id (a GUID)"),
  email,
});

/** Who may run restore drills of the service besides its approvers (src/domain/drills.ts). */
const drillers = z
  .array(person)
  .min(1, 'lists nobody; leave "drillers" out when only the approvers run drills')
  .optional();

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** "2027-01-18T00:00" local to the process time zone; validated against the zone once it is known. */
const localMinute = z
  .string()
  .regex(LOCAL_MINUTE, 'must be a local date and time like "2027-01-18T00:00" (YYYY-MM-DDTHH:mm)');

const blackout = z.strictObject({
  name: text,
  start: localMinute,
  end: localMinute,
  services: z
    .array(text)
    .min(1, 'lists no service; leave "services" out to protect every service')
    .optional(),
});

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/** A file path, or an https URL (plain http only on loopback, for tests and a local proxy). */
const blackoutCalendar = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine(
    (value) =>
      !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('https://') || LOOPBACK.test(value),
    'must be a file path or an https:// URL',
  );

const CHANNEL_HINT =
  'must be the channel link as Teams copies it (… > Get link to channel: https://teams.microsoft.com/l/channel/19%3A…/…?groupId=…&tenantId=…) or { "teamId": "…", "channelId": "19:…@thread.tacv2" }';

/** The service's team channel: where every change of the service has its thread and notices. */
const channel = z.unknown().transform((value, ctx) => {
  const ref =
    typeof value === 'string'
      ? parseChannelLink(value)
      : z.strictObject({ teamId: text, channelId: z.string().refine(isChannelId) }).safeParse(value).data;
  if (!ref) {
    ctx.addIssue({ code: 'custom', message: CHANNEL_HINT });
    return z.NEVER;
  }
  return ref;
});

const timeZone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone like Europe/Zurich');
/** `before.<key>` for each step whose milestone falls due a fixed time before the start. */
const offsets = (steps: readonly Step[]) =>
  z.strictObject(
    Object.fromEntries(offsetKeys(steps).map((key) => [key, duration])) as Record<string, typeof duration>,
  );
const before = offsets(BUILT_IN_STEPS);

/** The single-`service` format of the first release: one service, its facts at the top level. */
const singleServiceSchema = z.strictObject({
  timeZone,
  service: z.strictObject({
    name: text,
    host: text,
    provider: text,
    snapshotSteps: text,
    channel: channel.optional(),
  }),
  leadTime: duration,
  before,
  snapshot: z.strictObject({ duration, margin: duration }),
  decisionBeforeEnd: duration,
  restoreDuration: duration,
  maxWindow: duration,
  approvers: z.array(person).min(1, 'needs at least one approver (name, aadObjectId, email)'),
  drillers,
  audience: z.strictObject({ emails: z.array(email) }),
  links: z.strictObject({
    plannedMaintenanceTemplate: url,
    drpBackupRestore: url,
    drpSnapshotRestore: url,
    incidentProcess: url,
  }),
  blackouts: z.array(blackout).optional(),
  blackoutCalendar: blackoutCalendar.optional(),
});

const sharedLinks = { plannedMaintenanceTemplate: url, incidentProcess: url };

/** One entry of `services`: its own facts, and any shared rule it overrides. */
const serviceEntry = z.strictObject({
  name: text,
  host: text,
  provider: text,
  channel: channel.optional(),
  snapshot: z.strictObject({ steps: text, duration, margin: duration }),
  restorePaths: z
    .array(z.strictObject({ name: text, description: text, link: url, duration: duration.optional() }))
    .min(1, 'needs at least one restore path (name, description, link, and duration when known)'),
  approvers: z.array(person).min(1, 'needs at least one approver (name, aadObjectId, email)'),
  drillers,
  audience: z.strictObject({ emails: z.array(email) }),
  preparationChecklist: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a short id like "tests"'),
        label: text,
      }),
    )
    .min(1, 'needs at least one step (id, label)')
    .optional(),
  timeZone: timeZone.optional(),
  leadTime: duration.optional(),
  before: before.partial().optional(),
  decisionBeforeEnd: duration.optional(),
  maxWindow: duration.optional(),
  links: z.strictObject(sharedLinks).partial().optional(),
});

/** The `services` format: shared rules at the top level, one entry per service. */
const servicesSchema = z.strictObject({
  timeZone,
  leadTime: duration,
  before,
  decisionBeforeEnd: duration,
  maxWindow: duration,
  links: z.strictObject(sharedLinks),
  services: z.array(serviceEntry).min(1, 'needs at least one service'),
  blackouts: z.array(blackout).optional(),
  blackoutCalendar: blackoutCalendar.optional(),
});

// services.ts spells these out (it may not import this file); passing them to its functions checks both agree.
type RawSingle = z.infer<typeof singleServiceSchema>;
type RawServices = z.infer<typeof servicesSchema>;

type RawProcess = RawSingle | RawServices;

/** The process file's blackouts as instants, after the checks that need the time zone. */
function blackoutsOf(raw: RawProcess, services: ServiceDefinition[], source: string): Blackout[] {
  return (raw.blackouts ?? []).map((entry, index) => {
    const where = `${source}: blackouts[${index}]`;
    const at = (field: 'start' | 'end') => {
      const local = DateTime.fromISO(entry[field], { zone: raw.timeZone });
      if (!local.isValid || local.toFormat("yyyy-MM-dd'T'HH:mm") !== entry[field]) {
        throw new ConfigError(
          `${where}.${field}`,
          `"${entry[field]}" is not a time that exists in ${raw.timeZone}`,
          'Give a real local date and time (a DST jump skips an hour in spring).',
        );
      }
      return local;
    };
    const start = at('start');
    // The end is the last minute of the blackout: "2027-01-29T23:59" covers the whole 29th.
    const end = at('end').plus({ minutes: 1 });
    if (end <= start) {
      throw new ConfigError(
        `${where}.end`,
        `is before its start (${entry.start})`,
        'Make end later than start.',
      );
    }
    const names = services.map((service) => service.name);
    const unknown = entry.services?.find((service) => !names.includes(service));
    if (unknown !== undefined) {
      throw new ConfigError(
        `${where}.services`,
        `names "${unknown}", which is not a service of this process file`,
        `Use ${names.map((name) => `"${name}"`).join(' or ')}, or leave "services" out to protect every service.`,
      );
    }
    return {
      name: entry.name,
      start: start.toUTC().toISO()!,
      end: end.toUTC().toISO()!,
      ...(entry.services ? { services: entry.services } : {}),
    };
  });
}

function calendarSourceOf(raw: RawProcess, file: string): BlackoutCalendarSource | undefined {
  const value = raw.blackoutCalendar;
  if (value === undefined) return undefined;
  if (/^https?:\/\//i.test(value)) return { kind: 'url', url: value };
  // A relative path is relative to the process file, so the two can travel together.
  return { kind: 'file', path: path.resolve(path.dirname(file), value) };
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates a process definition already parsed from JSON; `source` names the file in messages. */
export function parseProcess(
  raw: unknown,
  source: string,
  steps: readonly Step[] = BUILT_IN_STEPS,
): ProcessDefinition {
  const several = typeof raw === 'object' && raw !== null && 'services' in raw;
  if (several && 'service' in raw) {
    throw new ConfigError(
      `${source}: service`,
      'is given together with "services"',
      'Use one format: move the service into the "services" list (see the process file reference in docs/process-file.md).',
    );
  }
  const schema = several ? servicesSchema : singleServiceSchema;
  const result = (steps === BUILT_IN_STEPS ? schema : withOwnSteps(several, steps)).safeParse(
    raw,
  ) as ReturnType<typeof schema.safeParse>;
  if (!result.success) {
    // A typo shows up both as an unknown field and as a missing one: the unknown field is the better hint.
    const issues = result.error.issues;
    const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const where = fieldPath(issue.path);
      const keys = issue.keys.join(', ');
      const known = fieldsAt(schema, issue.path).filter((name) => !issue.keys.includes(name));
      const meant = closest(issue.keys[0]!, known);
      throw new ConfigError(
        `${source}: ${where ? `${where}.` : ''}${issue.keys[0]}`,
        `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${meant ? ` (did you mean "${meant}"?)` : ''}`,
        'Check the spelling against the process file reference in docs/process-file.md; unknown fields are refused so that a typo never falls back to a default.',
      );
    }
    const where = fieldPath(issue.path) || '(top level)';
    const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
    throw new ConfigError(
      `${source}: ${where}`,
      missing ? 'is missing' : issue.message,
      missing
        ? `Add "${where}" to the process file (see the process file reference in docs/process-file.md).`
        : 'Correct the value in the process file.',
    );
  }
  const data: RawProcess = result.data;
  const services = 'services' in data ? servicesOfFile(data, source) : [serviceOfSingleFile(data)];
  const calendar = calendarSourceOf(data, source);
  return {
    ...processOfService(services[0]!),
    services,
    blackouts: blackoutsOf(data, services, source),
    ...(calendar ? { blackoutCalendar: calendar } : {}),
    steps,
  } as ProcessDefinition;
}

/** A process with steps of its own: `before`, and a service's own `before`, hold exactly their offsets. */
function withOwnSteps(several: boolean, steps: readonly Step[]) {
  if (!several) return singleServiceSchema.extend({ before: offsets(steps) });
  const service = serviceEntry.extend({ before: offsets(steps).partial().optional() });
  return servicesSchema.extend({
    before: offsets(steps),
    services: z.array(service).min(1, 'needs at least one service'),
  });
}

/** Reads and validates the process file at `path`, for the built-in steps unless given others. */
export function loadProcessFile(path: string, options: { steps?: readonly Step[] } = {}): ProcessDefinition {
  let content: string;
  try {
    content = fs.readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(
      'PROCESS_FILE',
      `cannot read ${path}`,
      'Set PROCESS_FILE to the path of a readable process file, or unset it to use the shipped process file.',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(
      `PROCESS_FILE ${path}`,
      `is not valid JSON: ${jsonSyntaxProblem(content, error as Error)}`,
      'Fix the JSON there (a missing comma or quote just before that place is the usual cause).',
    );
  }
  return parseProcess(raw, path, options.steps);
}
