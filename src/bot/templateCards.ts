import { cardForNotice, formCard, helpCard, listCard, refusalCard, rescheduleCard, showCard } from '../cards';
import { upcomingBlackouts, type Blackout } from '../domain/blackouts';
import type { ProcessDefinition } from '../domain/process';
import type { Card, CardSet } from './cardSet';

/** The CardSet the bot uses: the templates in cards/, filled for this process. */
export function templateCards(
  proc: ProcessDefinition,
  blackouts: () => readonly Blackout[] = () => proc.blackouts,
  clock: () => Date = () => new Date(),
): CardSet {
  const upcoming = (now: Date = clock()) => upcomingBlackouts(blackouts(), proc.service.name, now);
  const note = (earliestStart?: string) =>
    earliestStart ? { earliestStart: new Date(earliestStart) } : undefined;
  return {
    notice: (notice, change, opts) => cardForNotice(notice, change, proc, opts) as Card,
    form: (values, errors, earliestStart) =>
      formCard(proc, values, errors, note(earliestStart), upcoming()) as Card,
    reschedule: (change, now, values, errors, earliestStart) =>
      rescheduleCard(
        change,
        proc,
        { now },
        Object.keys(values).length > 0 ? values : undefined,
        errors,
        note(earliestStart),
        upcoming(now),
      ) as Card,
    help: () => helpCard(proc, upcoming()) as Card,
    list: (summaries, now) => listCard(summaries, proc, upcoming(now)) as Card,
    show: (change, now) => showCard(change, proc, { now }) as Card,
    refusal: (message, change, now, source) => {
      const card = refusalCard(message, change) as Card & { body?: unknown[] };
      if (!change || !now) return card;
      // Under the reason, the pressed card as it is now (not the whole history: Teams caps a message at 28 KB).
      const current = cardForNotice(source ?? 'created', change, proc, { now }) as Card & {
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
