import { CardFactory, type TurnContext } from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger } from '../app/ports';
import type { Change } from '../domain/change';
import { forLog } from '../domain/bounded';
import type { ChangeStore } from '../store/types';
import type { Card, CardSet } from './cardSet';
import { closeMatches, type ChatCommand } from './commands';
import { NO_IDENTITY_MESSAGE, personOf } from './identity';
import { answerDrillCommand, type DrillActionDeps } from './drillActions';
import { answerNotify } from './notifyCommand';
import type { NotifyPrefs } from './notifyPrefs';
import { replyQuickly, type Resend } from './quickReply';
import type { AnswerStats } from './statsCommand';
import { unreadableChanges } from './storeTrouble';

export interface ChatCommandDeps {
  lifecycle: Lifecycle;
  store: ChangeStore;
  cards: CardSet;
  clock: Clock;
  logger: Logger;
  prefs?: NotifyPrefs;
  resend: Resend;
  replyWaitMs?: number;
  /** Answers `stats [service] [period]`; absent: the help card. */
  stats?: AnswerStats;
  /** Restore drills (`drill <service>`). */
  drills?: DrillActionDeps;
  /** The service whose team channel the activity comes from, if any: the form comes preselected to it. */
  serviceHere?: (activity: TurnContext['activity']) => string | undefined;
  /** Who may see a change (changeAccess.ts): undefined when allowed, else the sentence they are told. */
  mayRead?: (context: TurnContext, change: Change) => Promise<string | undefined>;
}

/** The chat commands (`new`, `list`, `show`, `reschedule`, `cancel`, `notify`, `stats`, `drill`, `help`) and their replies. */
export function createChatCommands(deps: ChatCommandDeps) {
  const { cards, store, clock, lifecycle } = deps;

  function preselected(activity: TurnContext['activity']): { service?: string } {
    const service = deps.serviceHere?.(activity);
    return service ? { service } : {};
  }

  async function reply(context: TurnContext, card: Card): Promise<void> {
    await replyQuickly(
      context,
      { attachments: [CardFactory.adaptiveCard(card)] },
      { logger: deps.logger, resend: deps.resend, waitMs: deps.replyWaitMs },
    );
  }

  async function unknownId(context: TurnContext, id: string): Promise<void> {
    const matches = closeMatches(id, deps.store.ids());
    const hint =
      matches.length > 0
        ? ` Did you mean ${matches.join(', ')}?`
        : ' Type "list" to see the current changes.';
    await reply(context, deps.cards.refusal(`There is no change ${forLog(id, 40)}.${hint}`));
  }

  async function run(context: TurnContext, command: ChatCommand): Promise<void> {
    switch (command.name) {
      case 'new':
        return reply(context, cards.form(preselected(context.activity), {}));
      case 'list': {
        const active = [...store.listActive()].sort((a, b) => a.window.start.localeCompare(b.window.start));
        await reply(context, cards.list(active, clock()));
        const unreadable = unreadableChanges(store);
        if (unreadable !== undefined) await reply(context, cards.refusal(unreadable));
        return;
      }
      case 'notify': {
        if (!deps.prefs) return reply(context, cards.help());
        const text = await answerNotify(context.activity, command.setting, deps.prefs);
        return replyQuickly(
          context,
          { text },
          { logger: deps.logger, resend: deps.resend, waitMs: deps.replyWaitMs },
        );
      }
      case 'stats':
        return reply(context, deps.stats ? await deps.stats(command.args) : cards.help());
      case 'drill':
        if (!deps.drills) return reply(context, cards.help());
        return reply(context, await answerDrillCommand(deps.drills, context.activity, command.service));
      case 'help':
      case 'unknown':
        return reply(context, cards.help());
      case 'show':
      case 'reschedule':
      case 'cancel': {
        if (!command.id) {
          return reply(
            context,
            cards.refusal(`Say which change: "${command.name} CHG-2026-007". Type "list" to see them.`),
          );
        }
        const stored = await store.get(command.id);
        if (!stored) return unknownId(context, command.id);
        if (command.name !== 'cancel') {
          // Cancel is checked by its role (owner); show and the reschedule form reveal the change's content.
          const refused = await deps.mayRead?.(context, stored.change);
          if (refused !== undefined) return reply(context, cards.refusal(refused));
        }
        if (command.name === 'show') return reply(context, cards.show(stored.change, clock()));
        if (command.name === 'reschedule')
          return reply(context, cards.reschedule(stored.change, clock(), {}, {}));
        const by = personOf(context.activity);
        if (!by) return reply(context, cards.refusal(NO_IDENTITY_MESSAGE));
        const result = await lifecycle.act(command.id, {
          event: { type: 'cancel', ...(command.reason ? { reason: command.reason } : {}) },
          by,
          source: 'chat',
        });
        if (!result.found) return unknownId(context, command.id);
        const { decision, change } = result;
        return reply(
          context,
          decision.accepted
            ? cards.show(change, clock())
            : cards.refusal(decision.refusal.message, change, clock()),
        );
      }
    }
  }

  return { run, reply };
}
