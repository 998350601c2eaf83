import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger } from '../app/ports';
import type { Change, NoticeKind } from '../domain/change';
import type { ChangeStore } from '../store/types';
import { createCardActions, actorOf, errorResponse, type CardActionDeps } from './cardActions';
import type { Card, CardSet } from './cardSet';
import { closeMatches, parseCommand, type ChatCommand } from './commands';
import type { ConversationBook } from './conversations';
import { answerRefresh, type RefreshDeps } from './refresh';
import type { Roster } from './roster';
import { REFRESH_VERB } from './userViews';
import type { ActionData } from './verbs';

export interface ChangeBotDeps {
  lifecycle: Lifecycle;
  store: ChangeStore;
  cards: CardSet;
  book: ConversationBook;
  clock: Clock;
  logger: Logger;
  /** Updates the pressed card for everyone, after the press was answered. */
  refreshPressedCard?: (context: TurnContext, card: Card, change: Change, source?: NoticeKind) => void;
  /** Where a change created in a conversation lives (its service's team channel). */
  placeOfNewChange?: CardActionDeps['placeOfNewChange'];
  /** Learns the Teams ids of the people who write to the bot. */
  roster?: Roster;
  /** Answers the refresh of user-specific views. */
  refresh?: RefreshDeps;
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
      ...(deps.placeOfNewChange ? { placeOfNewChange: deps.placeOfNewChange } : {}),
    });

    this.onMessage(async (context, next) => {
      await deps.book.remember(context.activity);
      await deps.roster?.learn(context.activity);
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      await this.runCommand(context, parseCommand(text));
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
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
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
        return this.reply(context, cards.list(active, clock()));
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
    const conversationKey = await this.deps.book.remember(context.activity);
    await this.deps.roster?.learn(context.activity);
    const verb = invokeValue.action?.verb ?? '';
    const data = (invokeValue.action?.data ?? {}) as ActionData;
    const log = this.deps.logger.child({ activityId: context.activity.id, verb, changeId: data.changeId });
    if (verb === REFRESH_VERB && this.deps.refresh) return answerRefresh(this.deps.refresh, context, data);
    try {
      const response = await this.actions.handle(context, verb, data, conversationKey);
      log.info({ statusCode: response.statusCode, type: response.type }, 'card action answered');
      return response;
    } catch (error) {
      log.error({ err: error }, 'card action failed');
      return errorResponse(
        'Sorry, that did not work because of a problem on my side. Try again in a minute.',
      );
    }
  }
}
