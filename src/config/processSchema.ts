import { IANAZone } from 'luxon';
import { z } from 'zod';
import { plainLine } from '../domain/plainText';
import type { ProcessDefinition } from '../domain/process';
import { BUILT_IN_STEPS } from '../domain/steps';
import { offsetKeys } from '../domain/steps/lookup';
import type { Step as StepOf } from '../domain/steps/step';
import { isChannelId, parseChannelLink } from './channelLink';
import { audience, languages, teamLanguage } from './languageSchema';
import { parseIsoDuration } from './duration';
import { alertmanager, webhooks } from './integrationsSchema';

type Step = StepOf<ProcessDefinition>;

/*
 * The process file's two formats as schemas (docs/process-file.md): each field's type and the message that says
 * how to write it. processFile.ts reads a file against them and turns a failure into one ConfigError.
 */

// A number (21 for 21 days) gets the ISO 8601 hint too; a missing field still reads "is missing".
const durationText = z.string({
  error: (issue) =>
    issue.input === undefined
      ? undefined
      : 'must be an ISO 8601 duration in quotes, like "P21D", "PT2H30M" or "PT45S"',
});

export const duration = durationText.transform((text, ctx) => {
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
export const offsets = (steps: readonly Step[]) =>
  z.strictObject(
    Object.fromEntries(offsetKeys(steps).map((key) => [key, duration])) as Record<string, typeof duration>,
  );
const before = offsets(BUILT_IN_STEPS);

/** The single-`service` format of the first release: one service, its facts at the top level. */
export const singleServiceSchema = z.strictObject({
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
  audience,
  languages: languages.optional(),
  teamLanguage: teamLanguage.optional(),
  links: z.strictObject({
    plannedMaintenanceTemplate: url,
    drpBackupRestore: url,
    drpSnapshotRestore: url,
    incidentProcess: url,
  }),
  blackouts: z.array(blackout).optional(),
  blackoutCalendar: blackoutCalendar.optional(),
  webhooks,
  // The one service's Alertmanager: its facts are at the top level in this format.
  alertmanager,
});

const sharedLinks = { plannedMaintenanceTemplate: url, incidentProcess: url };

/** One entry of `services`: its own facts, and any shared rule it overrides. */
export const serviceEntry = z.strictObject({
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
  audience,
  languages: languages.optional(),
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
  alertmanager,
});

/** The `services` format: shared rules at the top level, one entry per service. */
export const servicesSchema = z.strictObject({
  timeZone,
  leadTime: duration,
  before,
  decisionBeforeEnd: duration,
  maxWindow: duration,
  links: z.strictObject(sharedLinks),
  services: z.array(serviceEntry).min(1, 'needs at least one service'),
  languages: languages.optional(),
  teamLanguage: teamLanguage.optional(),
  blackouts: z.array(blackout).optional(),
  blackoutCalendar: blackoutCalendar.optional(),
  webhooks,
});

// services.ts spells these out; processFile.ts passing them to its functions checks both agree.
type RawSingle = z.infer<typeof singleServiceSchema>;
type RawServices = z.infer<typeof servicesSchema>;

export type RawProcess = RawSingle | RawServices;
