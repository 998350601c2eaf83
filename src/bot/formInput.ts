import { z } from 'zod';
import { FORM_FIELDS, unescapeInputValue } from '../cards';
import type { ChangeRequestInput, FieldErrors } from '../domain/request';
import { plainLine, plainLines } from '../domain/plainText';
import type { ActionData } from './verbs';

/**
 * The form's inputs as the domain reads them. Teams sends every input as a string; a hand-made client may
 * send anything, so each field is read by a schema: an object or a list is a field error (never
 * "[object Object]"), and no field is longer than any card could send. The domain's own limits (a title of
 * 120 characters...) give the precise message after this.
 */
const MAX_FIELD = 20_000;

const LABELS: Record<(typeof FORM_FIELDS)[number], string> = {
  title: 'Title',
  description: 'What will be modified',
  startDate: 'Start date',
  startTime: 'Start time',
  endDate: 'End date',
  endTime: 'End time',
  downtime: 'Downtime',
  tests: 'Validation tests',
  rollback: 'Rollback plan',
  audience: 'Affected audience',
  expedited: 'Expedited',
  expeditedReason: 'Reason for the expedited window',
  service: 'Service',
};

const field = (label: string) =>
  z
    .union([z.string(), z.number().transform(String), z.boolean().transform(String), z.null()], {
      error: `${label} must be text; type it in the form.`,
    })
    .refine((value) => value === null || value.length <= MAX_FIELD, `${label} is far too long; shorten it.`)
    .optional();

const shape = Object.fromEntries(FORM_FIELDS.map((name) => [name, field(LABELS[name])])) as Record<
  (typeof FORM_FIELDS)[number],
  ReturnType<typeof field>
>;
const formSchema = z.object(shape);

/** The fields typed in a multi-line box: they keep their line breaks; every other field is one line. */
const MULTI_LINE: ReadonlySet<string> = new Set([
  'description',
  'tests',
  'rollback',
  'audience',
  'expeditedReason',
]);

export interface FormInput {
  values: ChangeRequestInput;
  /** Fields that were not text at all; empty when every field could be read. */
  errors: FieldErrors;
}

/** What the user typed: a form shown again after an error carries its values escaped for the templating. */
export function readFormInput(data: ActionData): FormInput {
  const values: ChangeRequestInput = {};
  const errors: FieldErrors = {};
  for (const name of FORM_FIELDS) {
    const parsed = formSchema.shape[name].safeParse(data[name]);
    if (!parsed.success) {
      errors[name] = parsed.error.issues[0]!.message;
      continue;
    }
    if (typeof parsed.data === 'string') {
      const value = unescapeInputValue(parsed.data);
      values[name] = MULTI_LINE.has(name) ? plainLines(value) : plainLine(value);
    }
  }
  readPublicInputs(data, values, errors);
  return { values, errors };
}

/** Any language's inputs: the domain keeps only the chosen service's (it knows which they are). */
const PUBLIC_INPUT = /^public(Title|Summary)_[a-z]{2}$/;

function readPublicInputs(data: ActionData, values: ChangeRequestInput, errors: FieldErrors): void {
  const typed: Record<string, string> = {};
  for (const [name, raw] of Object.entries(data)) {
    if (!PUBLIC_INPUT.test(name) || raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' || raw.length > MAX_FIELD) {
      errors.publicText = 'A public title or summary must be text of reasonable length; type it in the form.';
      continue;
    }
    typed[name] = unescapeInputValue(raw);
  }
  if (Object.keys(typed).length > 0) values.publicText = typed;
}
