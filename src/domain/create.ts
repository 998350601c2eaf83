import type { Actor, Change, ChecklistItem, Effect } from './change';
import { CHANGE_SCHEMA_VERSION } from './change';
import type { ProcessDefinition } from './process';
import type { ChangeRequest } from './request';
import { planMilestones } from './schedule';

/** The preparation steps of the process page ("3 weeks before"). */
export const PREPARATION_CHECKLIST: readonly Omit<ChecklistItem, 'checked'>[] = [
  { id: 'prepare', label: 'Prepared all I can to limit what can go wrong' },
  { id: 'tests', label: 'Validation tests written (it worked, nothing broke)' },
  { id: 'window', label: 'Time window estimated' },
];

export interface NewChange {
  id: string;
  request: ChangeRequest;
  implementer: Actor;
  /** Other active changes on the same service whose windows overlap. */
  overlaps: string[];
  now: Date;
  /** Blackouts the window touches, let through as expedited with a reason. */
  blackoutOverride?: Change['blackoutOverride'];
  thread?: Change['thread'];
}

/** A new change from a validated request: its milestones planned, the summary card to post. */
export function createChange(
  input: NewChange,
  proc: ProcessDefinition,
): { change: Change; effects: Effect[] } {
  const { request, now } = input;
  const at = now.toISOString();
  const change: Change = {
    schemaVersion: CHANGE_SCHEMA_VERSION,
    id: input.id,
    revision: 1,
    title: request.title,
    description: request.description,
    service: proc.service.name,
    window: request.window,
    plannedEnd: request.window.end,
    downtimeMinutes: request.downtimeMinutes,
    tests: request.tests,
    rollback: request.rollback,
    audienceEmails: request.audienceEmails,
    expedited: request.expedited,
    ...(input.blackoutOverride ? { blackoutOverride: input.blackoutOverride } : {}),
    implementer: input.implementer,
    status: 'planned',
    preparation: PREPARATION_CHECKLIST.map((item) => ({ ...item, checked: false })),
    precheck: { state: 'pending' },
    announced: false,
    snapshot: { state: 'none' },
    testResults: request.tests.map(() => false),
    extensions: [],
    milestones: planMilestones(request.window, proc, now),
    overlaps: input.overlaps,
    calendarSequence: 0,
    createdAt: at,
    updatedAt: at,
    ...(input.thread ? { thread: input.thread } : {}),
    outbox: [],
    postedCards: [],
    history: [
      {
        at,
        by: input.implementer,
        event: 'create',
        accepted: true,
        revision: 1,
        ...(request.expedited ? { note: 'expedited' } : {}),
      },
    ],
  };
  return { change, effects: [{ notice: 'created', to: { kind: 'channel' } }] };
}
