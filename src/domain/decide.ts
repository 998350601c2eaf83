import type { Actor, Change, HistoryEntry } from './change';
import { boundHistory, withToggle } from './historyBound';
import { isFinal } from './change';
import type { ChangeEvent, Command, Decision, Refusal } from './events';
import { handleMilestone } from './milestones';
import { reviewRequest } from './review';
import type { ProcessDefinition } from './process';
import { isApprover, isImplementer, roleRefusal } from './roles';
import { outdatedCard } from './sinceCard';
import { describeStatus } from './status';
import { tablesOf } from './steps/lookup';
import { isRefusal, refuse, type HandlerContext, type Transition } from './transition';

/** The milestone's handler, or the handler of the verb that makes `event` in the process's steps. */
function handle(change: Change, event: ChangeEvent, ctx: HandlerContext): Transition | Refusal {
  if (event.type === 'milestone') return handleMilestone(change, event.name, ctx.at, ctx.process);
  const verb = tablesOf(ctx.process.steps).verbs.get(event.type);
  if (!verb) return refuse('invalid', `No step of this process handles "${event.type}".`);
  return verb.handle(change, event, ctx);
}

/** Someone the change names (its implementer) or the process names (an approver); the scheduler too. */
function hasRole(by: Actor | 'system', change: Change, proc: ProcessDefinition): boolean {
  return by === 'system' || isImplementer(by, change) || isApprover(by, proc, change);
}

const sameActor = (a: Actor | 'system', b: Actor | 'system') =>
  a === 'system' || b === 'system' ? a === b : a.aadObjectId === b.aadObjectId;

/**
 * A refusal goes into the history, but the same refusal of the same press by the same person, again and
 * again, is one line with a count: a stuck client or an impatient finger must not grow the change forever.
 */
function withRefusal(change: Change, command: Command, refusal: Refusal): Change {
  const { event, by, at } = command;
  const last = change.history.at(-1);
  if (
    last &&
    !last.accepted &&
    last.event === event.type &&
    last.note === refusal.message &&
    last.revision === change.revision &&
    last.source === command.source &&
    sameActor(last.by, by)
  ) {
    const repeated = { ...last, at: at.toISOString(), count: (last.count ?? 1) + 1 };
    return { ...change, history: [...change.history.slice(0, -1), repeated] };
  }
  return {
    ...change,
    history: boundHistory([
      ...change.history,
      {
        at: at.toISOString(),
        by,
        event: event.type,
        accepted: false,
        note: refusal.message,
        revision: change.revision,
        ...(command.source ? { source: command.source } : {}),
      },
    ]),
  };
}

/**
 * The one transition of a change: pure, no I/O, the clock is `command.at`.
 * Accepted: the change with its revision + 1, a history line, and the effects to deliver.
 * Refused: the change unchanged but for a history line saying why ('waiting' milestones add none, nor does a
 * press from someone with no role on the change: the caller logs those), repeated refusals counted on one line.
 */
export function decide(change: Change, command: Command, proc: ProcessDefinition): Decision {
  const { event, by, at } = command;
  const record = (refusal: Refusal): Decision => ({
    accepted: false,
    refusal,
    change:
      refusal.code === 'waiting' || !hasRole(by, change, proc)
        ? change
        : withRefusal(change, command, refusal),
  });

  // A final change takes no event but the review after trouble, which is only written once it is over.
  if (isFinal(change.status) && event.type !== 'review') {
    return record(
      refuse('state', `${change.id} is ${describeStatus(change, proc)}; nothing more can be done on it.`),
    );
  }
  const forbidden = roleRefusal(event.type, by, change, proc);
  if (forbidden) return record(refuse('forbidden', forbidden));

  // What the state forbids is said first ("already decided"); a press the state allows still counts only
  // if nothing it decides on changed since its card was sent (sinceCard.ts).
  const result = handle(change, event, { at, by, process: proc });
  if (isRefusal(result)) return record(result);
  const outdated = outdatedCard(change, event, command.revision, proc);
  if (outdated) return record(refuse('stale', outdated));

  const revision = change.revision + 1;
  const line: HistoryEntry = {
    at: at.toISOString(),
    by,
    event: event.type === 'milestone' ? `milestone.${event.name}` : event.type,
    accepted: true,
    revision,
    ...(result.note ? { note: result.note } : {}),
    ...(command.source ? { source: command.source } : {}),
    ...(event.type === 'prep.check' ? { item: event.item } : {}),
  };
  return {
    accepted: true,
    effects: [...result.effects, ...reviewRequest(change, result.change)],
    change: {
      ...result.change,
      revision,
      updatedAt: at.toISOString(),
      // Repeated toggles fold into one line, and the history stays bounded (historyBound.ts).
      history: boundHistory(
        event.type === 'prep.check' ? withToggle(change.history, line) : [...change.history, line],
      ),
    },
  };
}
