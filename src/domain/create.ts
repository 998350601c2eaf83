import type { Actor, Change, ChecklistItem, Effect } from './change';
import { CHANGE_SCHEMA_VERSION } from './change';
import type { ProcessDefinition } from './process';
import type { ChangeRequest } from './request';
import { planMilestones } from './schedule';
import { copyOfService, processFor, serviceFacts } from './serviceFacts';

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

/**
 * A new change from a validated request, for the service the request names: its milestones planned by that
 * service's rules, its preparation checklist and a copy of the service's facts taken from the process file,
 * the summary card to post.
 */
export function createChange(
  input: NewChange,
  proc: ProcessDefinition,
): { change: Change; effects: Effect[] } {
  const { request, now } = input;
  const at = now.toISOString();
  const service = serviceFacts(proc, request.service);
  const own = processFor(proc, service.name);
  const change: Change = {
    schemaVersion: CHANGE_SCHEMA_VERSION,
    id: input.id,
    revision: 1,
    title: request.title,
    description: request.description,
    service: service.name,
    serviceAtCreation: copyOfService(service),
    window: request.window,
    plannedEnd: request.window.end,
    downtimeMinutes: request.downtimeMinutes,
    tests: request.tests,
    rollback: request.rollback,
    audienceEmails: request.audienceEmails,
    expedited: request.expedited,
    ...(request.publicText ? { publicText: request.publicText } : {}),
    ...(input.blackoutOverride ? { blackoutOverride: input.blackoutOverride } : {}),
    implementer: input.implementer,
    status: 'planned',
    preparation: service.preparationChecklist.map((step): ChecklistItem => ({ ...step, checked: false })),
    precheck: { state: 'pending' },
    announced: false,
    snapshot: { state: 'none' },
    testResults: request.tests.map(() => false),
    extensions: [],
    milestones: planMilestones(request.window, own, now),
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
