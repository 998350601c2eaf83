import fs from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { ProcessDefinition } from '../domain/process';
import { isChannelId, parseChannelLink } from './channelLink';
import { parseIsoDuration } from './duration';
import { ConfigError } from './errors';

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

const text = z.string().trim().min(1, 'must not be empty');
const email = z.email('must be an e-mail address like name@example.org');
const url = z.url('must be a full link starting with https://');

const person = z.strictObject({
  name: text,
  aadObjectId: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be the person's Entra object id (a GUID)"),
  email,
});

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

const schema = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone like Europe/Zurich'),
  service: z.strictObject({
    name: text,
    host: text,
    provider: text,
    snapshotSteps: text,
    channel: channel.optional(),
  }),
  leadTime: duration,
  before: z.strictObject({ preparation: duration, precheck: duration, goNoGo: duration, reminder: duration }),
  snapshot: z.strictObject({ duration, margin: duration }),
  decisionBeforeEnd: duration,
  restoreDuration: duration,
  maxWindow: duration,
  approvers: z.array(person).min(1, 'needs at least one approver (name, aadObjectId, email)'),
  audience: z.strictObject({ emails: z.array(email) }),
  links: z.strictObject({
    plannedMaintenanceTemplate: url,
    drpBackupRestore: url,
    drpSnapshotRestore: url,
    incidentProcess: url,
  }),
});

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Validates a process definition already parsed from JSON; `source` names the file in messages. */
export function parseProcess(raw: unknown, source: string): ProcessDefinition {
  const result = schema.safeParse(raw);
  if (!result.success) {
    // A typo shows up both as an unknown field and as a missing one: the unknown field is the better hint.
    const issues = result.error.issues;
    const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const where = fieldPath(issue.path);
      const keys = issue.keys.join(', ');
      throw new ConfigError(
        `${source}: ${where ? `${where}.` : ''}${issue.keys[0]}`,
        `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`,
        'Check the spelling against the process file reference in README.md; unknown fields are refused so that a typo never falls back to a default.',
      );
    }
    const where = fieldPath(issue.path) || '(top level)';
    const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
    throw new ConfigError(
      `${source}: ${where}`,
      missing ? 'is missing' : issue.message,
      missing
        ? `Add "${where}" to the process file (see the process file reference in README.md).`
        : 'Correct the value in the process file.',
    );
  }
  return result.data;
}

/** Reads and validates the process file at `path`. */
export function loadProcessFile(path: string): ProcessDefinition {
  let content: string;
  try {
    content = fs.readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(
      'PROCESS_FILE',
      `cannot read ${path}`,
      'Set PROCESS_FILE to the path of a readable process file, or unset it to use the shipped ISC Learn process.',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(
      `PROCESS_FILE ${path}`,
      `is not valid JSON (${(error as Error).message})`,
      'Fix the JSON syntax (a JSON linter shows the line).',
    );
  }
  return parseProcess(raw, path);
}
