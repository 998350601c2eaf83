import type { Duration } from 'luxon';
import { offsetOf } from './milestoneRegistry';
import type { ProcessDefinition } from './process';

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
type Unit = (typeof UNITS)[number];

function counted(amount: number, unit: Unit): string {
  const singular = unit.slice(0, -1);
  if (amount !== 1) return `${amount} ${unit}`;
  return singular === 'hour' ? 'an hour' : `a ${singular}`;
}

/**
 * An offset before the window's start in words: P1D is "the day before", PT3H "3 hours before", P14D
 * "2 weeks before", PT1H30M "1 hour 30 minutes before". Milestone labels say this instead of a team's
 * shorthand ("D-1"), so they stay true when the process file changes its `before.*` offsets.
 */
export function beforeWords(offset: Duration): string {
  const given = offset
    .shiftTo(...UNITS)
    .normalize()
    .toObject();
  // Calendar units the file wrote stay as written; days become weeks only when they are whole weeks.
  const days = given.days ?? 0;
  const parts: Partial<Record<Unit, number>> = { ...given, weeks: (given.weeks ?? 0) + Math.floor(days / 7) };
  parts.days = days % 7;
  if (parts.weeks !== 0 && parts.days !== 0) {
    parts.days = days + (given.weeks ?? 0) * 7;
    parts.weeks = 0;
  }
  const present = UNITS.filter((unit) => (parts[unit] ?? 0) > 0);
  if (present.length === 0) return 'at the start';
  if (present.length === 1 && present[0] === 'days' && parts.days === 1) return 'the day before';
  if (present.length === 1) return `${counted(parts[present[0]!]!, present[0]!)} before`;
  return `${present.map((unit) => `${parts[unit]} ${parts[unit] === 1 ? unit.slice(0, -1) : unit}`).join(' ')} before`;
}

/** When a change without GO is blocked (its reminder), in words: "the day before the start". */
export function goDeadlineWords(proc: ProcessDefinition): string {
  return `${beforeWords(offsetOf(proc, 'reminder'))} the start`;
}
