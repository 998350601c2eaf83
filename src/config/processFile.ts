import fs from 'node:fs';
import { z } from 'zod';
import type { ProcessDefinition, ServiceDefinition } from '../domain/process';
import { processOfService } from '../domain/serviceFacts';
import { BUILT_IN_STEPS } from '../domain/steps';
import type { Step as StepOf } from '../domain/steps/step';
import { closest, fieldsAt } from './didYouMean';
import { ConfigError } from './errors';
import { checkWebhookServices } from './integrationsSchema';
import { jsonSyntaxProblem } from './jsonPosition';
import { blackoutsOf, calendarSourceOf } from './processBlackouts';
import { offsets, serviceEntry, servicesSchema, singleServiceSchema, type RawProcess } from './processSchema';
import { serviceOfSingleFile, servicesOfFile } from './services';

type Step = StepOf<ProcessDefinition>;

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
  services.forEach((service, index) =>
    checkAudienceLanguages(service, several ? `services[${index}].` : '', source),
  );
  checkWebhookServices(data.webhooks, services, source);
  return {
    ...processOfService(services[0]!),
    ...(data.languages ? { languages: data.languages } : {}),
    ...('teamLanguage' in data && data.teamLanguage ? { teamLanguage: data.teamLanguage } : {}),
    services,
    blackouts: blackoutsOf(data, services, source),
    ...(calendar ? { blackoutCalendar: calendar } : {}),
    ...(data.webhooks ? { webhooks: data.webhooks } : {}),
    steps,
  } as ProcessDefinition;
}

/** A reader's own language must be one the service publishes in: otherwise nothing would be written in it. */
function checkAudienceLanguages(service: ServiceDefinition, prefix: string, source: string): void {
  const offered = service.languages ?? ['en'];
  service.audience.emails.forEach((address, index) => {
    const asked = service.audience.languages?.[address.toLowerCase()];
    if (asked && !offered.includes(asked)) {
      throw new ConfigError(
        `${source}: ${prefix}audience.emails[${index}].language`,
        `"${asked}" is not among the public languages (${offered.map((code) => `"${code}"`).join(', ')})`,
        `Add "${asked}" to "languages", or give ${address} one of those.`,
      );
    }
  });
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
