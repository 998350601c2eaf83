/**
 * The tables that were written by hand before the steps (issue 24), as they were on c9fb098, against what
 * the built-in steps now derive: the same names, roles, people asked, per-person views, late labels and words.
 */
import { BUILT_IN_STEPS, MILESTONE_NAMES, NOTICE_KINDS, ROLE_OF } from '../../src/domain/steps';
import { offsetKeys, tablesOf } from '../../src/domain/steps/lookup';
import { preparationStep } from '../../src/domain/steps/preparation';

const tables = tablesOf(BUILT_IN_STEPS);
const noticesWith = <T>(read: (spec: ReturnType<typeof tables.notices.get> & object) => T | undefined) =>
  Object.fromEntries(
    [...tables.notices.values()].flatMap((spec) => {
      const value = read(spec);
      return value === undefined ? [] : [[spec.kind, value]];
    }),
  );

describe('the tables the built-in steps derive', () => {
  it('name the same milestones, in due order, and the same before.<key> offsets', () => {
    expect(MILESTONE_NAMES).toEqual([
      'preparation',
      'precheck',
      'goNoGo',
      'reminder',
      'snapshot',
      'start',
      'decision',
    ]);
    expect(offsetKeys(BUILT_IN_STEPS)).toEqual(['preparation', 'precheck', 'goNoGo', 'reminder']);
  });

  it('name the same notices (NOTICE_KINDS)', () => {
    expect([...NOTICE_KINDS].sort()).toEqual(
      [
        'created',
        'preparation',
        'precheck',
        'precheckRecorded',
        'goNoGo',
        'decisionRecorded',
        'nogo',
        'announcement',
        'blocked',
        'reminder',
        'snapshot',
        'start',
        'control',
        'decision',
        'extension',
        'incident',
        'handoff',
        'restored',
        'end',
        'cancellation',
        'rescheduled',
        'review',
      ].sort(),
    );
  });

  it('give each event the same role (ROLE_OF)', () => {
    expect(ROLE_OF).toEqual({
      'prep.check': 'implementer',
      'precheck.done': 'approver',
      'precheck.corrections': 'approver',
      go: 'approver',
      nogo: 'approver',
      'snapshot.started': 'implementer',
      'snapshot.done': 'implementer',
      done: 'implementer',
      problem: 'implementer',
      extend: 'implementer',
      incident: 'implementer',
      restored: 'implementer',
      'restore.failed': 'implementer',
      cancel: 'owner',
      reschedule: 'owner',
      milestone: 'system',
      review: 'implementer',
    });
  });

  it('ask the same people (ASKED_BY_NOTICE), with per-person views on the same cards (ACTED_ON_BY_FEW)', () => {
    expect(noticesWith((spec) => spec.asks?.who)).toEqual({
      precheck: 'approvers',
      goNoGo: 'approvers',
      preparation: 'implementer',
      snapshot: 'implementer',
      control: 'implementer',
      decision: 'implementer',
      incident: 'implementer',
      review: 'implementer',
      blocked: 'both',
      handoff: 'both',
    });
    expect(Object.keys(noticesWith((spec) => spec.userViews || undefined)).sort()).toEqual(
      ['precheck', 'goNoGo', 'control', 'decision', 'review'].sort(),
    );
  });

  it("label a late notice with the same milestone (mail's MILESTONE_OF)", () => {
    expect(noticesWith((spec) => spec.milestone)).toEqual({
      preparation: 'preparation',
      precheck: 'precheck',
      goNoGo: 'goNoGo',
      reminder: 'reminder',
      blocked: 'reminder',
      snapshot: 'snapshot',
      start: 'start',
      control: 'start',
      decision: 'decision',
    });
  });

  it('let the same presses make older cards out of date (sinceCard)', () => {
    const outdating = [...tables.verbs.values()]
      .filter((spec) => spec.outdatesCards)
      .map((spec) => spec.type);
    expect(outdating.sort()).toEqual(
      ['reschedule', 'extend', 'precheck.corrections', 'go', 'nogo', 'cancel'].sort(),
    );
  });

  it('use the same words: labels (NOTICE_LABELS), what is asked (ACTION_ASKED), history lines (EVENT_TEXT)', () => {
    expect(noticesWith((spec) => spec.label)).toEqual({
      created: 'New change request',
      preparation: 'Prepare the change',
      precheck: 'Pre-check',
      precheckRecorded: 'Pre-check recorded',
      goNoGo: 'GO / NOGO needed',
      decisionRecorded: 'GO / NOGO recorded',
      nogo: 'NOGO',
      announcement: 'Planned maintenance',
      blocked: 'Blocked: no GO in time',
      reminder: 'Reminder: planned maintenance',
      snapshot: 'Take the data snapshot',
      start: 'Maintenance started',
      control: 'Maintenance in progress',
      decision: 'Decision point: solved, extend or incident',
      extension: 'Maintenance extended',
      incident: 'Incident during maintenance',
      handoff: 'Restore failed: incident process',
      restored: 'Service restored',
      end: 'Maintenance finished',
      cancellation: 'Maintenance cancelled',
      rescheduled: 'Maintenance rescheduled',
      review: 'Review after trouble',
    });
    expect(noticesWith((spec) => spec.asks?.action)).toEqual({
      precheck: 'record the pre-check',
      goNoGo: 'decide GO or NOGO',
      preparation: 'confirm the preparation',
      snapshot: 'confirm the snapshot before the window',
      control: 'report how the change went',
      decision: 'decide: solved, or roll back',
      incident: 'restore the service, then say whether it worked',
      blocked: 'the change is blocked and needs you',
      handoff: 'the restore failed: take over with the incident process',
      review: 'write a short review (three lines) of what happened',
    });
    expect(
      Object.fromEntries([...tables.verbs.values()].map((spec) => [spec.type, spec.historyText])),
    ).toEqual({
      'prep.check': 'Checklist',
      'precheck.done': 'Pre-check done',
      'precheck.corrections': 'Corrections requested',
      go: 'GO',
      nogo: 'NOGO',
      'snapshot.started': 'Snapshot started',
      'snapshot.done': 'Snapshot done',
      done: 'Done, tests passed',
      problem: 'Problem reported',
      extend: 'Extended',
      incident: 'Incident declared',
      restored: 'Restored',
      'restore.failed': 'Restore failed',
      cancel: 'Cancelled',
      reschedule: 'Rescheduled',
      // EVENT_TEXT had no entry: the history showed the event type.
      review: 'review',
    });
  });

  it('refuse a list where two steps claim the same verb', () => {
    expect(() =>
      tablesOf([preparationStep, { ...preparationStep, name: 'again', milestone: undefined, notices: [] }]),
    ).toThrow('Two steps define the verb "prep.check".');
  });
});
