import fs from 'node:fs';
import { z } from 'zod';
import type { MilestoneSpec } from '../domain/milestoneRegistry';
import type { ProcessDefinition } from '../domain/process';
import { processOfService } from '../domain/serviceFacts';
import { closest, fieldsAt } from './didYouMean';
import { ConfigError } from './errors';
import { jsonSyntaxProblem } from './jsonPosition';
import { blackoutsOf, calendarSourceOf } from './processBlackouts';
import { duration, servicesSchema, singleServiceSchema, type RawProcess } from './processSchema';
import { serviceOfSingleFile, servicesOfFile } from './services';

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
  milestones?: readonly MilestoneSpec[],
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
  // With its own milestones, `before` holds their offsets (typed as the built-in ones; read via offsetOf).
  const result = (milestones ? withOffsetsOf(schema, milestones) : schema).safeParse(raw) as ReturnType<
    typeof schema.safeParse
  >;
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
    ...(milestones ? { milestones } : {}),
  } as ProcessDefinition;
}

/** A process with its own milestones: `before` holds exactly the offsets its registry names. */
function withOffsetsOf(
  schema: typeof servicesSchema | typeof singleServiceSchema,
  milestones: readonly MilestoneSpec[],
) {
  const keys = milestones.flatMap((spec) => (spec.due ? [] : [spec.offsetKey ?? spec.name]));
  return schema.extend({ before: z.strictObject(Object.fromEntries(keys.map((key) => [key, duration]))) });
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
  return parseProcess(raw, path);
}
