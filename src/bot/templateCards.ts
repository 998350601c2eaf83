import {
  cardForNotice,
  formCard,
  helpCard,
  listCard,
  personalCard,
  refusalCard,
  rescheduleCard,
  showCard,
  statsCard,
  type MeasuredFacts,
} from '../cards';
import { upcomingBlackouts, type Blackout } from '../domain/blackouts';
import type { ProcessDefinition } from '../domain/process';
import { processFor } from '../domain/serviceFacts';
import type { Card, CardSet } from './cardSet';

/** The CardSet the bot uses: the templates in cards/, filled for this process. */
export function templateCards(
  proc: ProcessDefinition,
  blackouts: () => readonly Blackout[] = () => proc.blackouts,
  clock: () => Date = () => new Date(),
  /** Restore drills and snapshot timings, shown next to the process figures; none by default. */
  measured: () => MeasuredFacts = () => ({ drills: [], snapshots: [] }),
): CardSet {
  // For one service (a change's, the form's choice) its blackouts; else those of any service of the file.
  const upcoming = (now: Date = clock(), service?: string) => {
    const names = service ? [service] : proc.services.map((each) => each.name);
    const all = names.flatMap((name) => upcomingBlackouts(blackouts(), name, now));
    return [...new Set(all)].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  };
  const note = (earliestStart?: string) =>
    earliestStart ? { earliestStart: new Date(earliestStart) } : undefined;
  return {
    // A change's cards show its own service: its approvers, snapshot, restore paths and timings.
    notice: (notice, change, opts) =>
      cardForNotice(notice, change, processFor(proc, change), { measured: measured(), ...opts }) as Card,
    form: (values, errors, earliestStart) =>
      formCard(proc, values, errors, note(earliestStart), upcoming(clock(), values.service)) as Card,
    reschedule: (change, now, values, errors, earliestStart) =>
      rescheduleCard(
        change,
        processFor(proc, change),
        { now },
        Object.keys(values).length > 0 ? values : undefined,
        errors,
        note(earliestStart),
        upcoming(now, change.service),
      ) as Card,
    help: () => helpCard(proc, upcoming()) as Card,
    list: (summaries, now) => listCard(summaries, proc, upcoming(now)) as Card,
    stats: (stats, chartUrl, unreadable) => statsCard(stats, chartUrl, unreadable) as Card,
    show: (change, now) => showCard(change, processFor(proc, change), { now, measured: measured() }) as Card,
    personal: (notice, change, now, link) => {
      const actionCard = cardForNotice(notice, change, processFor(proc, change), {
        now,
        measured: measured(),
        drawnOnce: true,
      });
      return personalCard(notice, change, link, actionCard, proc.steps) as Card;
    },
    refusal: (message, change, now, source) => {
      const card = refusalCard(message, change) as Card & { body?: unknown[] };
      if (!change || !now) return card;
      // Under the reason, the pressed card as it is now (not the whole history: Teams caps a message at 28 KB).
      const current = cardForNotice(source ?? 'created', change, processFor(proc, change), {
        now,
        measured: measured(),
      }) as Card & {
        body?: unknown[];
        actions?: unknown[];
      };
      return {
        ...card,
        body: [...(card.body ?? []), ...(current.body ?? [])],
        ...(current.actions ? { actions: current.actions } : {}),
      };
    },
  };
}
