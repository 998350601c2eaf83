/**
 * Sample data for every card: used by the card tests and by `npm run cards:render` (docs/cards/*.png).
 * - typical: a realistic change, at each step of its life (the pictures);
 * - minimal: the least a change can carry (one test, no extras);
 * - maximal: every optional part present, every text at its length limit, and the three
 *   injection forms (markdown link, Teams date function, templating expression) in every typed field.
 */
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import type { Actor, Change, HistoryEntry, MilestoneName, NoticeKind } from '../../src/domain/change';
import { MILESTONE_NAMES } from '../../src/domain/steps';
import { LIMITS } from '../../src/domain/request';
import type { ProcessDefinition } from '../../src/domain/process';
import type { ChangeSummary } from '../../src/domain/summary';
import {
  cardForNotice,
  formCard,
  helpCard,
  listCard,
  refusalCard,
  personalCard,
  rescheduleCard,
  showCard,
  statsCard,
  cardKindForNotice,
  drillCard,
  type AdaptiveCardJson,
  type CardKind,
  type CardOptions,
} from '../../src/cards';
import { Duration } from 'luxon';
import { outcomeStats } from '../../src/domain/stats';
import { makeChange } from '../support/changeFactory';
import { generatedHistory } from '../support/statsHistory';

export type SampleVariant = 'typical' | 'minimal' | 'maximal';

const DRILLER = { aadObjectId: 'bbbbbbbb-1111-4000-8000-000000000001', name: 'Ines Implementer' };

/** One restore drill of the data snapshot, 52 min on 3 Oct 2026: the cards show it next to the "1 h". */
export const SAMPLE_MEASURED = {
  drills: [
    {
      id: 'DRILL-20261003-080000-a1b2c3',
      service: 'ISC Learn Platform',
      path: 'Data snapshot',
      state: 'restored' as const,
      createdAt: '2026-10-03T06:58:00.000Z',
      createdBy: DRILLER,
      startedAt: '2026-10-03T07:00:00.000Z',
      endedAt: '2026-10-03T07:52:00.000Z',
    },
  ],
  snapshots: [],
};

export const SAMPLE_DRILL = {
  id: 'DRILL-20261010-090000-d4e5f6',
  service: 'ISC Learn Platform',
  state: 'ready' as const,
  createdAt: '2026-10-10T07:00:00.000Z',
  createdBy: DRILLER,
};

export interface CardSample {
  /** File-friendly name, e.g. "go-nogo-after-go". */
  name: string;
  /** What the picture shows, for docs/cards/README.md. */
  caption: string;
  /** The template: cards/<kind>.json. */
  kind: CardKind;
  card: AdaptiveCardJson;
  /** For the pictures: the title of an Action.ShowCard button to open before drawing. */
  expand?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const sampleProcess: ProcessDefinition = loadProcessFile(DEFAULT_PROCESS_FILE);

/** Sat 19 Dec 2026, 18:00–22:00 Europe/Zurich (UTC+1 in winter). */
const WINDOW = { start: '2026-12-19T17:00:00.000Z', end: '2026-12-19T21:00:00.000Z' };

export const INJECTIONS = {
  link: '[click here](http://evil.example)',
  date: '{{DATE(2026-12-19T17:00:00Z, SHORT)}}',
  template: '${changeId}',
} as const;
const INJECTED = `${INJECTIONS.link} ${INJECTIONS.date} ${INJECTIONS.template} **bold** _it_ # not a heading`;

const implementer: Actor = {
  aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001',
  name: 'Ines Moret',
  email: 'ines.moret@isc.example.org',
};

function approverActor(process: ProcessDefinition): Actor {
  const first = process.approvers[0];
  if (!first) throw new Error('The sample process has no approver.');
  return { aadObjectId: first.aadObjectId, name: first.name, email: first.email };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const beforeStart = (ms: number): string => iso(Date.parse(WINDOW.start) - ms);

function milestonesFor(window: Change['window'], process: ProcessDefinition): Change['milestones'] {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const offsets: Record<MilestoneName, number> = {
    preparation: start - process.before.preparation!.as('milliseconds'),
    precheck: start - process.before.precheck!.as('milliseconds'),
    goNoGo: start - process.before.goNoGo!.as('milliseconds'),
    reminder: start - process.before.reminder!.as('milliseconds'),
    snapshot:
      start - process.snapshot.duration.as('milliseconds') - process.snapshot.margin.as('milliseconds'),
    start,
    decision: end - process.decisionBeforeEnd.as('milliseconds'),
  };
  return Object.fromEntries(
    MILESTONE_NAMES.map((name) => [name, { due: iso(offsets[name]), state: 'pending' as const }]),
  ) as Change['milestones'];
}

/** Marks the milestones due before `now` as sent. */
function sentUntil(milestones: Change['milestones'], now: number): Change['milestones'] {
  return Object.fromEntries(
    MILESTONE_NAMES.map((name) => {
      const m = milestones[name];
      return [name, Date.parse(m.due) <= now ? { ...m, state: 'done', handledAt: m.due } : m];
    }),
  ) as Change['milestones'];
}

function baseChange(variant: SampleVariant, process: ProcessDefinition): Change {
  const milestones = milestonesFor(WINDOW, process);
  if (variant === 'minimal') {
    return makeChange({
      id: 'CHG-2026-001',
      title: 'Restart the web server',
      description: 'Restart nginx.',
      service: process.service.name,
      window: WINDOW,
      plannedEnd: WINDOW.end,
      downtimeMinutes: 0,
      tests: ['Home page loads'],
      testResults: [false],
      rollback: 'None needed.',
      audienceEmails: [],
      implementer: { aadObjectId: implementer.aadObjectId, name: 'Ines' },
      milestones,
      preparation: [{ id: 'prepare', label: 'Prepared', checked: false }],
      history: [],
      createdAt: '2026-11-20T09:00:00.000Z',
    });
  }
  if (variant === 'maximal') {
    const long = (prefix: string, length: number): string =>
      `${prefix} ${INJECTED}\n- a line that looks like a list\n1. and one like a numbered list\n> a quote\n`.padEnd(
        length,
        ' lorem ipsum',
      );
    const tests = Array.from({ length: LIMITS.tests }, (_, i) =>
      `Test ${i + 1}: ${INJECTED}`.padEnd(LIMITS.test, ' check'),
    );
    return makeChange({
      id: 'CHG-2026-999',
      title: `${INJECTED}`.padEnd(LIMITS.title, '!').slice(0, LIMITS.title),
      description: long('Description', LIMITS.description),
      service: process.service.name,
      window: { start: WINDOW.start, end: '2026-12-20T04:00:00.000Z' },
      plannedEnd: '2026-12-20T03:00:00.000Z',
      downtimeMinutes: 660,
      tests,
      testResults: tests.map((_, i) => i % 2 === 0),
      rollback: long('Rollback', LIMITS.rollback),
      audienceEmails: Array.from({ length: LIMITS.audience }, (_, i) => `person.${i}@example.org`),
      expedited: true,
      implementer: { ...implementer, name: `Ines ${INJECTIONS.link} ${INJECTIONS.template}` },
      milestones: milestonesFor({ start: WINDOW.start, end: '2026-12-20T04:00:00.000Z' }, process),
      overlaps: ['CHG-2026-041', 'CHG-2026-042'],
      preparation: [
        {
          id: 'prepare',
          label: `Prepared ${INJECTED}`,
          checked: true,
          by: `Ines ${INJECTIONS.date}`,
          at: '2026-12-10T09:00:00.000Z',
        },
        { id: 'tests', label: 'Validation tests written', checked: false },
        { id: 'window', label: 'Time window estimated', checked: false },
      ],
      history: Array.from({ length: 40 }, (_, i): HistoryEntry => ({
        at: iso(Date.parse('2026-12-01T09:00:00.000Z') + i * HOUR),
        by: i % 3 === 0 ? 'system' : { ...implementer, name: `Ines ${INJECTIONS.template}` },
        event: i % 2 === 0 ? 'prep.check' : 'milestone.preparation',
        accepted: i % 5 !== 0,
        note: `note ${INJECTED}`.padEnd(LIMITS.reason, '.'),
        revision: i + 1,
      })),
      // Created after its preparation step was due: an expedited change, caught up at once.
      createdAt: '2026-12-08T09:00:00.000Z',
    });
  }
  return makeChange({
    id: 'CHG-2026-014',
    title: 'Upgrade Moodle from 4.3 to 4.5',
    description:
      'Upgrade Moodle core and its 12 plugins on Hannibal, then run the database migration.\n' +
      'Course content and grades are kept.',
    service: process.service.name,
    window: WINDOW,
    plannedEnd: WINDOW.end,
    downtimeMinutes: 120,
    tests: [
      'Log in as a student and as a teacher',
      'Open a course, submit a quiz, see the grade',
      'Cron ran without errors in the last 15 minutes',
    ],
    testResults: [false, false, false],
    rollback: 'Restore the data snapshot taken before the window (about 1 h), then reinstall Moodle 4.3.',
    audienceEmails: ['learn-teachers@isc.example.org'],
    implementer,
    milestones,
    preparation: [
      { id: 'prepare', label: 'Prepared all I can to limit what can go wrong', checked: false },
      { id: 'tests', label: 'Validation tests written (it worked, nothing broke)', checked: false },
      { id: 'window', label: 'Time window estimated', checked: false },
    ],
    createdAt: '2026-11-20T09:00:00.000Z',
    history: [
      { at: '2026-11-20T09:00:00.000Z', by: implementer, event: 'create', accepted: true, revision: 1 },
    ],
  });
}

/** The change at each step of its life; `at` is the sample clock for that step. */
function stages(variant: SampleVariant, process: ProcessDefinition) {
  const base = baseChange(variant, process);
  const approver = approverActor(process);
  const start = Date.parse(base.window.start);
  const at = (ms: number) => ({ now: new Date(ms), milestones: sentUntil(base.milestones, ms) });
  const ticked = base.preparation.map((item) => ({
    ...item,
    checked: true,
    by: base.implementer.name,
    at: beforeStart(16 * DAY),
  }));
  const precheckDone = { state: 'done' as const, by: approver, at: beforeStart(14 * DAY - HOUR) };
  const go = { verdict: 'go' as const, by: approver, at: beforeStart(7 * DAY - 2 * HOUR) };
  const snapshotDone = {
    state: 'done' as const,
    by: base.implementer,
    startedAt: beforeStart(3 * HOUR),
    doneAt: beforeStart(20 * MINUTE),
  };
  const running = {
    ...base,
    status: 'running' as const,
    decision: go,
    announced: true,
    precheck: precheckDone,
    preparation: ticked,
  };
  const extended = Date.parse(base.window.end) + 45 * MINUTE;
  return {
    created: { ...base, ...at(Date.parse(base.createdAt)) },
    preparation: {
      ...base,
      ...at(start - 21 * DAY + HOUR),
      preparation: base.preparation.map((item, i) => (i === 0 ? (ticked[0] ?? item) : item)),
    },
    corrections: {
      ...base,
      ...at(start - 13 * DAY),
      precheck: {
        state: 'corrections' as const,
        by: approver,
        at: beforeStart(14 * DAY - HOUR),
        comment: 'Add a test for the mobile app login.',
      },
    },
    precheck: { ...base, ...at(start - 14 * DAY), preparation: ticked },
    goNoGo: { ...base, ...at(start - 7 * DAY), preparation: ticked, precheck: precheckDone },
    approved: {
      ...base,
      ...at(start - 7 * DAY + HOUR),
      preparation: ticked,
      precheck: precheckDone,
      status: 'approved' as const,
      decision: go,
      announced: true,
    },
    rejected: {
      ...base,
      ...at(start - 7 * DAY + HOUR),
      preparation: ticked,
      precheck: precheckDone,
      status: 'rejected' as const,
      decision: {
        verdict: 'nogo' as const,
        by: approver,
        at: beforeStart(7 * DAY - 2 * HOUR),
        reason: 'The exam session runs that weekend: pick a date after 15 January.',
      },
    },
    blocked: {
      ...base,
      ...at(start - DAY),
      preparation: ticked,
      precheck: precheckDone,
      status: 'blocked' as const,
    },
    snapshot: {
      ...base,
      ...at(start - 3 * HOUR),
      status: 'approved' as const,
      decision: go,
      announced: true,
      precheck: precheckDone,
      preparation: ticked,
    },
    snapshotStarted: {
      ...base,
      ...at(start - 2 * HOUR),
      status: 'approved' as const,
      decision: go,
      announced: true,
      snapshot: {
        state: 'started' as const,
        by: base.implementer,
        startedAt: beforeStart(2 * HOUR + 45 * MINUTE),
      },
    },
    runningNoSnapshot: { ...running, ...at(start) },
    running: {
      ...running,
      ...at(start + 20 * MINUTE),
      snapshot: snapshotDone,
      testResults: base.testResults.map((_, i) => i === 0),
    },
    debugging: {
      ...running,
      ...at(Date.parse(base.window.end) - 30 * MINUTE),
      status: 'debugging' as const,
      snapshot: snapshotDone,
    },
    extended: {
      ...running,
      ...at(Date.parse(base.window.end) - 25 * MINUTE),
      status: 'debugging' as const,
      snapshot: snapshotDone,
      window: { ...base.window, end: iso(extended) },
      extensions: [
        {
          extraMinutes: 45,
          previousEnd: base.window.end,
          newEnd: iso(extended),
          by: base.implementer,
          at: iso(Date.parse(base.window.end) - 25 * MINUTE),
        },
      ],
    },
    incident: {
      ...running,
      ...at(Date.parse(base.window.end) - 20 * MINUTE),
      status: 'incident' as const,
      snapshot: snapshotDone,
      incident: { declaredAt: iso(Date.parse(base.window.end) - 20 * MINUTE), by: base.implementer },
    },
    handedOff: {
      ...running,
      ...at(Date.parse(base.window.end) + HOUR),
      status: 'handedOff' as const,
      snapshot: snapshotDone,
      incident: {
        declaredAt: iso(Date.parse(base.window.end) - 20 * MINUTE),
        by: base.implementer,
        outcome: 'failed' as const,
        outcomeAt: iso(Date.parse(base.window.end) + HOUR),
      },
    },
    restored: {
      ...running,
      ...at(Date.parse(base.window.end) + 40 * MINUTE),
      status: 'restored' as const,
      snapshot: snapshotDone,
      incident: {
        declaredAt: iso(Date.parse(base.window.end) - 20 * MINUTE),
        by: base.implementer,
        outcome: 'restored' as const,
        outcomeAt: iso(Date.parse(base.window.end) + 40 * MINUTE),
      },
    },
    completed: {
      ...running,
      ...at(start + 3 * HOUR + 10 * MINUTE),
      status: 'completed' as const,
      snapshot: snapshotDone,
      updatedAt: iso(start + 3 * HOUR + 10 * MINUTE),
      testResults: base.tests.map((_, i) => variant !== 'maximal' || i % 2 === 0),
    },
    cancelled: {
      ...base,
      ...at(start - 3 * DAY),
      status: 'cancelled' as const,
      announced: true,
      decision: go,
      cancelReason:
        variant === 'minimal'
          ? undefined
          : variant === 'maximal'
            ? `Because ${INJECTED}`
            : 'The vendor withdrew the 4.5 release; we wait for 4.5.1.',
      history: [
        ...base.history,
        { at: beforeStart(3 * DAY), by: base.implementer, event: 'cancel', accepted: true, revision: 9 },
      ],
    },
  };
}

type StageName = keyof ReturnType<typeof stages>;

/** A change at one step, and the sample clock at that moment. */
interface Stage {
  change: Change;
  now: Date;
}

function stagesOf(variant: SampleVariant, process: ProcessDefinition): Record<StageName, Stage> {
  const raw = stages(variant, process);
  const split = ({ now, ...change }: Change & { now: Date }): Stage => ({ change, now });
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, split(value)])) as Record<
    StageName,
    Stage
  >;
}

function summaries(variant: SampleVariant): ChangeSummary[] {
  if (variant === 'minimal') return [];
  const rows: ChangeSummary[] = [
    {
      id: 'CHG-2026-014',
      title: 'Upgrade Moodle from 4.3 to 4.5',
      service: 'ISC Learn Platform',
      status: 'approved',
      window: WINDOW,
      implementer: 'Ines Moret',
      revision: 7,
    },
    {
      id: 'CHG-2026-016',
      title: 'Renew the TLS certificate',
      service: 'ISC Learn Platform',
      status: 'running',
      window: { start: '2026-12-12T07:00:00.000Z', end: '2026-12-12T08:00:00.000Z' },
      implementer: 'Marc Rey',
      revision: 12,
    },
    {
      id: 'CHG-2026-019',
      title: 'Move backups to the new NAS',
      service: 'ISC Learn Platform',
      status: 'planned',
      window: { start: '2027-01-16T21:00:00.000Z', end: '2027-01-17T01:00:00.000Z' },
      implementer: 'Ines Moret',
      revision: 2,
    },
  ];
  if (variant === 'typical') return rows;
  return Array.from({ length: 40 }, (_, i) => ({
    ...rows[i % 3]!,
    id: `CHG-2026-${100 + i}`,
    title: `${INJECTED}`.slice(0, LIMITS.title),
  }));
}

/** The change with its review written: plain answers, or the longest answers with injections. */
function reviewed(change: Change, variant: SampleVariant): Change {
  const text = (plain: string) =>
    variant === 'maximal' ? INJECTED.repeat(20).slice(0, LIMITS.reason) : plain;
  return {
    ...change,
    review: {
      after: 'restored',
      whatHappened: text('The quiz plugin failed to upgrade; the course pages showed errors.'),
      whatHelped: text('The data snapshot was fresh, so the restore took 40 minutes.'),
      oneChange: text('Run the plugin upgrade on a copy of the VM a week before.'),
      by: change.implementer,
      at: change.updatedAt,
    },
  };
}

/** Every card, in the states worth seeing, filled with the given variant's data. */
export function cardSamples(
  variant: SampleVariant,
  process: ProcessDefinition = sampleProcess,
): CardSample[] {
  const s = stagesOf(variant, process);
  const notice = (kind: NoticeKind, stage: Stage, extra: Partial<CardOptions> = {}): AdaptiveCardJson =>
    cardForNotice(kind, stage.change, process, { now: stage.now, ...extra });
  const late = variant !== 'typical';
  const overlaps =
    variant === 'maximal'
      ? summaries('typical').map((row, i) => ({ ...row, id: `CHG-2026-04${i + 1}` }))
      : undefined;
  const formValues =
    variant === 'minimal'
      ? {}
      : {
          title: variant === 'maximal' ? INJECTED : 'Upgrade Moodle from 4.3 to 4.5',
          description:
            variant === 'maximal'
              ? `${INJECTED}\n${INJECTED}`
              : 'Upgrade Moodle core and its plugins on Hannibal.',
          startDate: '2026-12-19',
          startTime: '18:00',
          endDate: '2026-12-19',
          endTime: '22:00',
          downtime: '120',
          tests: variant === 'maximal' ? `${INJECTED}\n${INJECTED}` : 'Log in as a student\nSubmit a quiz',
          rollback: variant === 'maximal' ? INJECTED : 'Restore the data snapshot.',
          audience: variant === 'maximal' ? INJECTED : 'learn-teachers@isc.example.org',
          expedited: 'false',
        };
  const errors =
    variant === 'minimal'
      ? {}
      : {
          audience:
            variant === 'maximal'
              ? `"${INJECTED}" is not an e-mail address.`
              : '"learn-teachers@isc" is not an e-mail address.',
          ...(variant === 'maximal'
            ? { form: INJECTED, title: INJECTED, tests: INJECTED, startDate: INJECTED, endTime: INJECTED }
            : {}),
        };
  const note = variant === 'minimal' ? undefined : { earliestStart: new Date('2027-01-09T17:00:00.000Z') };
  const refusal =
    variant === 'maximal'
      ? `No change is called "${INJECTED}". Type list to see the changes.`
      : 'Only the approver (Pierre André) can press GO or NOGO. Ask them, or see the change with show CHG-2026-014.';

  const n = (
    name: string,
    caption: string,
    kind: NoticeKind,
    stage: Stage,
    extra: Partial<CardOptions> = {},
  ): CardSample => ({ name, caption, kind: cardKindForNotice(kind), card: notice(kind, stage, extra) });

  return [
    { name: 'form', caption: 'Request form (`@change new`)', kind: 'form', card: formCard(process) },
    {
      name: 'form-refused',
      caption: 'Request form after a refused submit: values kept, errors by field, expedited offered',
      kind: 'form',
      card: formCard(process, formValues, errors, note),
    },
    n(
      'summary-created',
      'Change summary, posted in the channel when a change is requested',
      'created',
      s.created,
      { overlaps },
    ),
    n('preparation', 'Preparation checklist (D-21), to the implementer', 'preparation', s.preparation, {
      late,
    }),
    n(
      'preparation-corrections',
      'Preparation checklist reopened after "Needs corrections"',
      'precheckRecorded',
      s.corrections,
    ),
    n('precheck', 'Pre-check (D-14), to the approver and the implementer', 'precheck', s.precheck, { late }),
    n('go-nogo', 'GO / NOGO request (D-7), to the approver', 'goNoGo', s.goNoGo, { late, overlaps }),
    n(
      'go-nogo-after-go',
      'The same GO / NOGO card after GO: updated in place, no buttons',
      'goNoGo',
      s.approved,
    ),
    n('decision-recorded-go', 'Decision recorded: GO', 'decisionRecorded', s.approved),
    n(
      'decision-recorded-nogo',
      'Decision recorded: NOGO with its reason; the implementer can reschedule or cancel',
      'nogo',
      s.rejected,
    ),
    n(
      'announcement',
      'Planned-maintenance announcement (after GO), channel and e-mail',
      'announcement',
      s.approved,
    ),
    n('blocked', 'Blocked: no GO by D-1', 'blocked', s.blocked, { late }),
    n('reminder', 'Reminder (D-1), channel and e-mail', 'reminder', s.approved, { late }),
    n('snapshot', 'Snapshot reminder (D − 2 h 45 min), to the implementer', 'snapshot', s.snapshot, { late }),
    n('snapshot-started', 'Snapshot reminder after "Snapshot started"', 'snapshot', s.snapshotStarted),
    n(
      'start',
      'Start of maintenance, with the warning shown when no snapshot was confirmed',
      'start',
      s.runningNoSnapshot,
      { late },
    ),
    n(
      'control',
      "The implementer's control card: validation tests, Done, Problem, Extend, Declare incident",
      'control',
      s.running,
    ),
    n(
      'decision',
      'Decision point (end − 30 min): what an incident now and an extension cost in time; Solved, Extend, Incident',
      'decision',
      s.debugging,
      { late, measured: SAMPLE_MEASURED },
    ),
    n('extension', 'Extension notice: new end and extra delay', 'extension', s.extended),
    n(
      'incident',
      'Incident notice: both restore paths, then Restored / Restore failed',
      'incident',
      s.incident,
      { measured: SAMPLE_MEASURED },
    ),
    n('handoff', 'Hand-off to the incident process', 'handoff', s.handedOff),
    n('restored', 'Service restored after an incident', 'restored', s.restored),
    n('end', 'End of maintenance, with the validation results', 'end', s.completed),
    n(
      'control-after-done',
      'The control card after "Done": updated in place, no buttons',
      'control',
      s.completed,
    ),
    n('cancellation', 'Cancellation notice', 'cancellation', s.cancelled),
    {
      name: 'reschedule',
      caption: '`reschedule <id>`: the new window, with a refused attempt',
      kind: 'reschedule',
      card: rescheduleCard(
        s.rejected.change,
        process,
        { now: s.rejected.now },
        undefined,
        variant === 'maximal' ? errors : {},
        note,
      ),
    },
    {
      name: 'show',
      caption: '`show <id>`: every milestone and the history',
      kind: 'summary',
      card: showCard(s.running.change, process, { now: s.running.now, overlaps }),
    },
    {
      name: 'list',
      caption: '`list`: upcoming and running changes',
      kind: 'list',
      card: listCard(summaries(variant), process),
    },
    { name: 'help', caption: '`help`', kind: 'help', card: helpCard(process) },
    {
      name: 'refusal',
      caption: 'Refusal or error: what happened and what to do',
      kind: 'refusal',
      card: refusalCard(refusal, variant === 'minimal' ? undefined : s.approved.change),
    },
    n('review', 'Review after trouble: three questions for the implementer', 'review', s.restored),
    {
      name: 'review-written',
      caption: 'Review after trouble, once written',
      kind: 'review',
      card: cardForNotice('review', reviewed(s.restored.change, variant), process, { now: s.restored.now }),
    },
    {
      name: 'stats',
      caption: '`stats`: outcomes of a period, the chart linked by URL',
      kind: 'stats',
      card: statsCard(
        outcomeStats(variant === 'minimal' ? [] : generatedHistory(), {
          timeZone: process.timeZone,
          leadTime: Duration.fromObject({ days: 21 }),
          period: { first: '2026-01', last: '2026-12', label: '2026' },
        }),
        variant === 'minimal'
          ? undefined
          : 'https://change-bot.example.org/stats/chart.png?period=2026&sig=abc',
      ),
    },
    {
      name: 'drill',
      caption: '`drill <service>`: a restore drill, timed from Started to Restored',
      kind: 'drill',
      card: drillCard(SAMPLE_DRILL, process, SAMPLE_MEASURED),
    },
    {
      name: 'drill-running',
      caption: 'A restore drill after Started: Restored or Abandoned, with a note',
      kind: 'drill',
      card: drillCard(
        {
          ...SAMPLE_DRILL,
          state: 'running',
          path: 'Data snapshot',
          startedAt: '2026-10-10T07:02:00.000Z',
          by: SAMPLE_DRILL.createdBy,
        },
        process,
        SAMPLE_MEASURED,
      ),
    },
    {
      name: 'personal',
      caption: 'Personal notice: a 1:1 message to someone a change waits for',
      kind: 'personal',
      card: personalCard(
        'goNoGo',
        s.approved.change,
        variant === 'minimal' ? undefined : 'https://teams.microsoft.com/l/message/19%3Ageneral/activity-2',
      ),
    },
  ];
}

/** What the pictures show: the typical samples, a few with a button's inline card opened, and escaping at work. */
export function renderSamples(): CardSample[] {
  const typical = cardSamples('typical');
  const opened = (name: string, button: string, caption: string): CardSample => {
    const sample = typical.find((candidate) => candidate.name === name);
    if (!sample) throw new Error(`No sample ${name}`);
    return {
      ...sample,
      name: `${name}-${button.toLowerCase().replace(/\W+/g, '-')}`,
      caption,
      expand: button,
    };
  };
  const s = stagesOf('typical', sampleProcess);
  const injected: Change = {
    ...s.approved.change,
    title: `Typed by a user: ${INJECTIONS.link} ${INJECTIONS.date} ${INJECTIONS.template}`,
    description: `**not bold** _not italic_\n# not a heading\n- not a list\n${INJECTIONS.link}`,
  };
  return [
    ...typical,
    opened('go-nogo', 'NOGO', 'GO / NOGO: NOGO asks for a reason'),
    opened('precheck', 'Needs corrections', 'Pre-check: Needs corrections asks what to correct'),
    opened('decision-recorded-nogo', 'Reschedule', 'After NOGO: reschedule inline'),
    opened('decision', 'Extend', 'Decision point: Extend asks for the extra delay'),
    {
      name: 'escaping',
      caption: 'Escaping: typed markdown, a Teams date function and a template expression show as plain text',
      kind: 'announcement',
      card: cardForNotice('announcement', injected, sampleProcess, { now: s.approved.now }),
    },
  ];
}
