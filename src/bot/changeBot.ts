import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger } from '../app/ports';
import type { ChangeStore } from '../store/types';
import { createCardActions, actorOf, errorResponse, messageResponse } from './cardActions';
import type { Card, CardSet } from './cardSet';
import { closeMatches, parseCommand, type ChatCommand } from './commands';
import type { ConversationBook } from './conversations';
import { replyQuickly, type Resend } from './quickReply';
import { rememberSafely, storeTroubleMessage, unreadableChanges } from './storeTrouble';
import type { ActionData } from './verbs';

export interface ChangeBotDeps {
  lifecycle: Lifecycle;
  store: ChangeStore;
  cards: CardSet;
  book: ConversationBook;
  clock: Clock;
  logger: Logger;
  /** Updates the pressed card for everyone, after the press was answered. */
  refreshPressedCard?: (context: TurnContext, card: Card) => void;
  /** Posts a chat reply again after its turn, when the connector throttled or failed it. */
  resend: Resend;
  /** How long a chat reply may hold the turn on the Bot Connector (see quickReply.ts). */
  replyWaitMs?: number;
}

/** The Teams face of the bot: chat commands and card presses, each handed to the lifecycle. */
export class ChangeBot extends TeamsActivityHandler {
  private readonly actions;

  constructor(private readonly deps: ChangeBotDeps) {
    super();
    this.actions = createCardActions({
      lifecycle: deps.lifecycle,
      cards: deps.cards,
      clock: deps.clock,
      logger: deps.logger,
      afterAccepted: deps.refreshPressedCard,
    });

    this.onMessage(async (context, next) => {
      await rememberSafely(deps.book, context.activity, deps.logger);
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      try {
        await this.runCommand(context, parseCommand(text));
      } catch (error) {
        const trouble = storeTroubleMessage(error);
        if (trouble === undefined) throw error;
        await this.reply(context, deps.cards.refusal(trouble));
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await deps.book.remember(context.activity);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.book.forget(context.activity);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      // The update that says the bot itself left must not store the reference again.
      const { membersRemoved, recipient } = context.activity;
      if (membersRemoved?.some((member) => member.id === recipient.id))
        await deps.book.forget(context.activity);
      else await deps.book.remember(context.activity);
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (_team, context, next) => {
      await deps.book.forget(context.activity);
      await next();
    });
  }

  private async reply(context: TurnContext, card: Card): Promise<void> {
    await replyQuickly(
      context,
      { attachments: [CardFactory.adaptiveCard(card)] },
      { logger: this.deps.logger, resend: this.deps.resend, waitMs: this.deps.replyWaitMs },
    );
  }

  private async unknownId(context: TurnContext, id: string): Promise<void> {
    const matches = closeMatches(id, this.deps.store.ids());
    const hint =
      matches.length > 0
        ? ` Did you mean ${matches.join(', ')}?`
        : ' Type "list" to see the current changes.';
    await this.reply(context, this.deps.cards.refusal(`There is no change ${id}.${hint}`));
  }

  private async runCommand(context: TurnContext, command: ChatCommand): Promise<void> {
    const { cards, store, clock, lifecycle } = this.deps;
    switch (command.name) {
      case 'new':
        return this.reply(context, cards.form({}, {}));
      case 'list': {
        const active = [...store.listActive()].sort((a, b) => a.window.start.localeCompare(b.window.start));
        await this.reply(context, cards.list(active, clock()));
        const unreadable = unreadableChanges(store);
        if (unreadable !== undefined) await this.reply(context, cards.refusal(unreadable));
        return;
      }
      case 'help':
      case 'unknown':
        return this.reply(context, cards.help());
      case 'show':
      case 'reschedule':
      case 'cancel': {
        if (!command.id) {
          return this.reply(
            context,
            cards.refusal(`Say which change: "${command.name} CHG-2026-007". Type "list" to see them.`),
          );
        }
        const stored = await store.get(command.id);
        if (!stored) return this.unknownId(context, command.id);
        if (command.name === 'show') return this.reply(context, cards.show(stored.change, clock()));
        if (command.name === 'reschedule')
          return this.reply(context, cards.reschedule(stored.change, clock(), {}, {}));
        const result = await lifecycle.act(command.id, {
          event: { type: 'cancel', ...(command.reason ? { reason: command.reason } : {}) },
          by: actorOf(context),
          source: 'chat',
        });
        if (!result.found) return this.unknownId(context, command.id);
        const { decision, change } = result;
        return this.reply(
          context,
          decision.accepted
            ? cards.show(change, clock())
            : cards.refusal(decision.refusal.message, change, clock()),
        );
      }
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const conversationKey = await rememberSafely(this.deps.book, context.activity, this.deps.logger);
    const verb = invokeValue.action?.verb ?? '';
    const data = (invokeValue.action?.data ?? {}) as ActionData;
    const log = this.deps.logger.child({ activityId: context.activity.id, verb, changeId: data.changeId });
    try {
      const response = await this.actions.handle(context, verb, data, conversationKey);
      log.info({ statusCode: response.statusCode, type: response.type }, 'card action answered');
      return response;
    } catch (error) {
      const trouble = storeTroubleMessage(error);
      if (trouble !== undefined) {
        // The store logged the path and the cause; the presser learns that nothing happened.
        log.warn({ reason: (error as Error).name }, 'card action not saved');
        return messageResponse(trouble);
      }
      log.error({ err: error }, 'card action failed');
      return errorResponse(
        'Sorry, that did not work because of a problem on my side. Try again in a minute.',
      );
    }
  }
}
