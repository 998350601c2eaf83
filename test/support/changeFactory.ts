import {
  CHANGE_SCHEMA_VERSION,
  type Change,
  type Milestone,
  type MilestoneName,
} from '../../src/domain/change';
import { MILESTONE_NAMES } from '../../src/domain/steps';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Window start of the default test change: a Saturday morning, well past the 21-day lead time. */
const DEFAULT_START = '2026-06-20T06:00:00.000Z';

/** Default offsets of each milestone from the window start, as the ISC process file sets them. */
const MILESTONE_OFFSETS: Record<MilestoneName, number> = {
  preparation: -21 * DAY,
  precheck: -14 * DAY,
  goNoGo: -7 * DAY,
  reminder: -1 * DAY,
  snapshot: -(2.5 * HOUR + 15 * 60 * 1000),
  start: 0,
  decision: 3.5 * HOUR,
};

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function pendingMilestones(windowStart: string): Record<MilestoneName, Milestone> {
  const start = Date.parse(windowStart);
  const entries = MILESTONE_NAMES.map((name): [MilestoneName, Milestone] => [
    name,
    { due: iso(start + MILESTONE_OFFSETS[name]), state: 'pending' },
  ]);
  return Object.fromEntries(entries) as Record<MilestoneName, Milestone>;
}

/**
 * A complete, valid planned change for tests: every field of `Change` is set, every milestone is pending.
 * Pass overrides for what the test is about; when `window` is overridden without `milestones`, the milestones
 * follow the new window start.
 */
export function makeChange(overrides: Partial<Change> = {}): Change {
  const window = overrides.window ?? { start: DEFAULT_START, end: iso(Date.parse(DEFAULT_START) + 4 * HOUR) };
  const implementer = { aadObjectId: '00000000-0000-0000-0000-00000000a001', name: 'Ada Implementer' };
  const base: Change = {
    schemaVersion: CHANGE_SCHEMA_VERSION,
    id: 'CHG-2026-001',
    revision: 1,
    title: 'Upgrade Moodle to 4.5',
    description: 'Upgrade the learning platform and its plugins on Hannibal.',
    service: 'ISC Learn Platform',
    window,
    plannedEnd: window.end,
    downtimeMinutes: 60,
    tests: ['Log in as a student', 'Open a course and submit a quiz'],
    rollback: 'Restore the data snapshot taken before the window.',
    audienceEmails: ['learn-users@example.org'],
    expedited: false,
    implementer: { ...implementer, email: 'ada@example.org' },
    status: 'planned',
    preparation: [
      { id: 'tests', label: 'Validation tests written', checked: false },
      { id: 'window', label: 'Time window estimated', checked: false },
    ],
    precheck: { state: 'pending' },
    announced: false,
    snapshot: { state: 'none' },
    testResults: [false, false],
    extensions: [],
    milestones: pendingMilestones(window.start),
    overlaps: [],
    calendarSequence: 0,
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    thread: { conversationKey: '19:team-channel@thread.tacv2', rootActivityId: '1715000000000' },
    outbox: [],
    postedCards: [],
    history: [
      {
        at: '2026-05-01T08:00:00.000Z',
        by: implementer,
        event: 'created',
        accepted: true,
        revision: 1,
        source: 'form',
      },
    ],
  };
  return { ...base, ...overrides };
}
