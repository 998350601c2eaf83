import type { Change } from '../../../src/domain/change';
import { accepted, act, approver, implementer, newChange, tick, zurich } from '../../domain/support';

/** A description that names a person and an e-mail address: neither may ever reach a public view. */
export const PRIVATE_DESCRIPTION =
  'Marie Curie (marie.curie@private.example.org) migrates the grade book; rollback by Ines.';
export const PRIVATE_ROLLBACK = 'Call Pierre Secret on +41 79 000 00 00 and restore snapshot S-42.';

/** Strings that must never appear on the status page or in its feeds. */
export const PRIVATE_STRINGS = [
  PRIVATE_DESCRIPTION,
  'Marie Curie',
  'marie.curie@private.example.org',
  'Pierre Secret',
  'snapshot S-42',
  'Log in as a student',
  implementer.name,
  implementer.email,
  approver.name,
  approver.email,
  'teachers@test.example.org',
  'isc-learn-users@isc.example.org',
  'Hannibal',
];

/**
 * One change at each step of its life, Saturday 19 June 2027 18:00–20:00 Europe/Zurich, with the instant the
 * step happened: the fake clock of the tests.
 */
export interface Step {
  name: string;
  now: Date;
  change: Change;
}

export function lifeOfAChange(): Record<
  'planned' | 'announced' | 'started' | 'extended' | 'incident' | 'restored',
  Step
> {
  const created = newChange('2027-06-19 18:00', { downtime: 45 });
  const planned = { ...created.change, description: PRIVATE_DESCRIPTION, rollback: PRIVATE_ROLLBACK };
  const asked = accepted(tick(planned, 'goNoGo')).change;
  const announced = accepted(act(asked, { type: 'go' }, approver, '2027-06-12 18:30')).change;
  const started = accepted(tick(announced, 'start')).change;
  const extended = accepted(
    act(started, { type: 'extend', extraMinutes: 60 }, implementer, '2027-06-19 19:30'),
  ).change;
  const incident = accepted(act(extended, { type: 'incident' }, implementer, '2027-06-19 20:30')).change;
  const restored = accepted(act(incident, { type: 'restored' }, implementer, '2027-06-19 21:40')).change;
  return {
    planned: { name: 'planned', now: zurich('2027-05-25 10:00'), change: planned },
    announced: { name: 'announced', now: zurich('2027-06-12 19:00'), change: announced },
    started: { name: 'started', now: zurich('2027-06-19 18:05'), change: started },
    extended: { name: 'extended', now: zurich('2027-06-19 19:35'), change: extended },
    incident: { name: 'incident', now: zurich('2027-06-19 20:35'), change: incident },
    restored: { name: 'restored', now: zurich('2027-06-19 21:45'), change: restored },
  };
}

/** The same change finished without trouble: Done at 19:50. */
export function completedChange(): Step {
  const { started } = lifeOfAChange();
  const done = accepted(act(started.change, { type: 'done' }, implementer, '2027-06-19 19:50')).change;
  return { name: 'completed', now: zurich('2027-06-19 20:00'), change: done };
}

/** The announced change, cancelled two days before. */
export function cancelledChange(): Step {
  const { announced } = lifeOfAChange();
  const cancelled = accepted(
    act(announced.change, { type: 'cancel', reason: 'Marie Curie is ill' }, implementer, '2027-06-17 09:00'),
  ).change;
  return { name: 'cancelled', now: zurich('2027-06-17 09:05'), change: cancelled };
}
