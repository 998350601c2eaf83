import { describeBlackout, type Blackout } from '../../domain/blackouts';
import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatDuration, formatInstant, formatWindow, toFormDateTime } from '../format';
import { findService, processFor } from '../../domain/serviceFacts';
import { approversText, changeHeader, type CardOptions, type ChangeHeaderData } from './common';
import { publicTextFormData, type PublicTextFormData } from './publicTextForm';

/** The form's input ids (SPEC contract) and what was typed in them. */
export const FORM_FIELDS = [
  'title',
  'description',
  'startDate',
  'startTime',
  'endDate',
  'endTime',
  'downtime',
  'tests',
  'rollback',
  'audience',
  'expedited',
  'expeditedReason',
  'service',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Values as Teams sends them back (all strings); absent ones start empty. */
export type ChangeFormValues = Partial<Record<FormField, string>> & { publicText?: Record<string, string> };

/** Server-side errors by field, plus `form` for one that concerns no single field. */
export type ChangeFormErrors = Partial<Record<FormField | 'form' | 'publicText', string>>;

/** Shown after a lead-time refusal: the user may pick a later date or tick Expedited. */
export interface LeadTimeNote {
  earliestStart: Date;
}

/** Errors shown next to each input; '' for none. */
export interface FormErrorsData {
  form: string;
  title: string;
  description: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  downtime: string;
  tests: string;
  rollback: string;
  audience: string;
  expedited: string;
  expeditedReason: string;
  service: string;
}

/** Prefilled values; fields ending in `Value` go into inputs as typed (not markdown-escaped). */
export interface WindowValuesData {
  startDateValue: string;
  startTimeValue: string;
  endDateValue: string;
  endTimeValue: string;
  expeditedValue: 'true' | 'false';
  expeditedReasonValue: string;
}

/** Upcoming blackouts, shown on the form, the reschedule card, list and help. */
export interface BlackoutsData {
  hasBlackouts: boolean;
  blackoutsText: string;
}

/** One service in the form's choice set; both go into the input as typed. */
export interface ServiceChoiceData {
  titleValue: string;
  nameValue: string;
}

export interface FormCardData extends WindowValuesData, BlackoutsData, PublicTextFormData {
  service: string;
  /** Several services: the form shows the choice set (one service: no choice, as before). */
  severalServices: boolean;
  serviceChoices: ServiceChoiceData[];
  serviceValue: string;
  timeZone: string;
  approversText: string;
  leadTimeText: string;
  titleValue: string;
  descriptionValue: string;
  downtimeValue: number | null;
  testsValue: string;
  rollbackValue: string;
  audienceValue: string;
  errors: FormErrorsData;
  hasErrors: boolean;
  hasNote: boolean;
  noteText: string;
}

export interface RescheduleCardData extends ChangeHeaderData, WindowValuesData, BlackoutsData {
  windowText: string;
  timeZone: string;
  leadTimeText: string;
  errors: FormErrorsData;
  hasErrors: boolean;
  hasNote: boolean;
  noteText: string;
}

function errorsData(errors: ChangeFormErrors): FormErrorsData {
  return {
    form: errors.form ?? errors.publicText ?? '',
    title: errors.title ?? '',
    description: errors.description ?? '',
    startDate: errors.startDate ?? '',
    startTime: errors.startTime ?? '',
    endDate: errors.endDate ?? '',
    endTime: errors.endTime ?? '',
    downtime: errors.downtime ?? '',
    tests: errors.tests ?? '',
    rollback: errors.rollback ?? '',
    audience: errors.audience ?? '',
    expedited: errors.expedited ?? '',
    expeditedReason: errors.expeditedReason ?? '',
    service: errors.service ?? '',
  };
}

function noteText(proc: ProcessDefinition, note: LeadTimeNote): string {
  return (
    `Too soon: changes need ${formatDuration(proc.leadTime)} notice, so the earliest allowed start is ` +
    `${formatInstant(note.earliestStart, proc.timeZone)}. Pick a later date, or tick Expedited if it cannot wait: ` +
    `the overdue steps will then be sent at once and marked late.`
  );
}

function downtimeValue(typed: string | undefined): number | null {
  if (typed === undefined || typed.trim() === '') return null;
  const minutes = Number(typed);
  return Number.isFinite(minutes) ? minutes : null;
}

function windowValues(values: ChangeFormValues): WindowValuesData {
  return {
    startDateValue: values.startDate ?? '',
    startTimeValue: values.startTime ?? '',
    endDateValue: values.endDate ?? '',
    endTimeValue: values.endTime ?? '',
    expeditedValue: values.expedited === 'true' ? 'true' : 'false',
    expeditedReasonValue: values.expeditedReason ?? '',
  };
}

/** "No change may touch: Exam session, Mon 18 Jan 2027, 00:00 → Sat 30 Jan 2027, 00:00; …" */
export function blackoutsData(upcoming: readonly Blackout[], proc: ProcessDefinition): BlackoutsData {
  const shown = upcoming.slice(0, 5).map((blackout) => describeBlackout(blackout, proc.timeZone));
  const more = upcoming.length - shown.length;
  return {
    hasBlackouts: upcoming.length > 0,
    blackoutsText:
      upcoming.length > 0
        ? `Blackouts, when no change may be made: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`
        : '',
  };
}

/** Current window of a change as form values, to prefill a reschedule. */
export function windowFormValues(change: Change, proc: ProcessDefinition): ChangeFormValues {
  const start = toFormDateTime(change.window.start, proc.timeZone);
  const end = toFormDateTime(change.window.end, proc.timeZone);
  return {
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    expedited: change.expedited ? 'true' : 'false',
  };
}

export function formView(
  proc: ProcessDefinition,
  values: ChangeFormValues = {},
  errors: ChangeFormErrors = {},
  note?: LeadTimeNote,
  upcoming: readonly Blackout[] = [],
): FormCardData {
  // Approvers, lead time and time zone are those of the chosen (or preselected, or only) service.
  const chosen = values.service ? findService(proc, values.service) : undefined;
  const several = proc.services.length > 1;
  const own = chosen ? processFor(proc, chosen.name) : proc;
  return {
    ...blackoutsData(upcoming, proc),
    service: chosen?.name ?? (several ? 'choose it below' : proc.service.name),
    severalServices: several,
    serviceChoices: proc.services.map((service) => ({
      titleValue: service.name,
      nameValue: service.name,
    })),
    serviceValue: chosen?.name ?? '',
    timeZone: own.timeZone,
    approversText: approversText(own),
    leadTimeText: formatDuration(own.leadTime),
    titleValue: values.title ?? '',
    descriptionValue: values.description ?? '',
    downtimeValue: downtimeValue(values.downtime),
    testsValue: values.tests ?? '',
    rollbackValue: values.rollback ?? '',
    audienceValue: values.audience ?? '',
    ...publicTextFormData(own, values.publicText),
    ...windowValues(values),
    errors: errorsData(errors),
    hasErrors: Object.values(errors).some((e) => e !== undefined && e !== ''),
    hasNote: note !== undefined,
    noteText: note ? noteText(proc, note) : '',
  };
}

export function rescheduleView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
  values: ChangeFormValues = windowFormValues(change, proc),
  errors: ChangeFormErrors = {},
  note?: LeadTimeNote,
  upcoming: readonly Blackout[] = [],
): RescheduleCardData {
  return {
    ...blackoutsData(upcoming, proc),
    ...changeHeader(change, proc, opts),
    windowText: formatWindow(change.window, proc.timeZone),
    timeZone: proc.timeZone,
    leadTimeText: formatDuration(proc.leadTime),
    ...windowValues(values),
    errors: errorsData(errors),
    hasErrors: Object.values(errors).some((e) => e !== undefined && e !== ''),
    hasNote: note !== undefined,
    noteText: note ? noteText(proc, note) : '',
  };
}
