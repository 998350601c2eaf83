import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger } from '../app/ports';
import type { Change, NoticeKind } from '../domain/change';
import type { ChangeStore } from '../store/types';
import { forLog } from '../domain/bounded';
import { createChatCommands, type ChatCommandDeps } from './chatCommands';
import { createCardActions, errorResponse, messageResponse, type CardActionDeps } from './cardActions';
import type { Card, CardSet } from './cardSet';
import { parseCommand } from './commands';
import type { ConversationBook } from './conversations';
import { admit, OTHER_CHANNEL_LINE, type AccessPolicy } from './gate';
import type { Resend } from './quickReply';
import { rememberSafely, storeTroubleMessage } from './storeTrouble';
import { answerRefresh, type RefreshDeps } from './refresh';
import { answerDrillPress, type DrillActionDeps } from './drillActions';
import type { NotifyPrefs } from './notifyPrefs';
import type { Roster } from './roster';
import type { AnswerStats } from './statsCommand';
import { REFRESH_VERB } from './userViews';
import { isDrillVerb, type ActionData } from './verbs';

export interface ChangeBotDeps {
  lifecycle: Lifecycle;
  store: ChangeStore;
  cards: CardSet;
  book: ConversationBook;
  clock: Clock;
  logger: Logger;
  /** Which channel and tenants are acted on; absent: all (unit tests of the bot's own logic). */
  access?: AccessPolicy;
  /** Updates the pressed card for everyone, after the press was answered. */
  refreshPressedCard?: (context: TurnContext, card: Card, change: Change, source?: NoticeKind) => void;
  /** Where a change created in a conversation lives (its service's team channel). */
  placeOfNewChange?: CardActionDeps['placeOfNewChange'];
  /** Who wants the 1:1 personal notices (`notify off|on`). */
  prefs?: NotifyPrefs;
  /** The service whose team channel the activity comes from, if any: the form comes preselected to it. */
  serviceHere?: (activity: TurnContext['activity']) => string | undefined;
  /** Tells a chat where the change created in it lives (the team channel). */
  confirmCreatedElsewhere?: CardActionDeps['confirmCreatedElsewhere'];
  /** Learns the Teams ids of the people who write to the bot. */
  roster?: Roster;
  /** Answers the refresh of user-specific views. */
  refresh?: RefreshDeps;
  /** Posts a chat reply again after its turn, when the connector throttled or failed it. */
  resend: Resend;
  /** Answers `stats [service] [period]`; absent: the help card. */
  stats?: AnswerStats;
  /** How long a chat reply may hold the turn on the Bot Connector (see quickReply.ts). */
  replyWaitMs?: number;
  /** Restore drills (`drill <service>` and the drill card's buttons). */
  drills?: DrillActionDeps;
  /** Who may see (show) a change; absent: everyone admitted (unit tests of the bot's own logic). */
  mayRead?: ChatCommandDeps['mayRead'];
  /** Who may create a change; absent: everyone admitted. */
  creation?: CardActionDeps['creation'];
}

function isInvokeWithoutAction(activity: TurnContext['activity']): boolean {
  if (activity.type !== ActivityTypes.Invoke || activity.name !== 'adaptiveCard/action') return false;
  const value = activity.value as { action?: unknown } | undefined;
  const isObject = (item: unknown) => typeof item === 'object' && item !== null && !Array.isArray(item);
  return !isObject(value) || !isObject(value!.action);
}

/** The Teams face of the bot: chat commands and card presses, each handed to the lifecycle. */
export class ChangeBot extends TeamsActivityHandler {
  private readonly actions;
  private readonly chat;

  constructor(private readonly deps: ChangeBotDeps) {
    super();
    this.chat = createChatCommands(deps);
    this.actions = createCardActions({
      lifecycle: deps.lifecycle,
      store: deps.store,
      cards: deps.cards,
      clock: deps.clock,
      logger: deps.logger,
      afterAccepted: deps.refreshPressedCard,
      ...(deps.placeOfNewChange ? { placeOfNewChange: deps.placeOfNewChange } : {}),
      ...(deps.confirmCreatedElsewhere ? { confirmCreatedElsewhere: deps.confirmCreatedElsewhere } : {}),
      ...(deps.creation ? { creation: deps.creation } : {}),
    });

    this.onMessage(async (context, next) => {
      await rememberSafely(deps.book, context.activity, deps.logger);
      await deps.roster?.learn(context.activity);
      const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
      try {
        await this.chat.run(context, parseCommand(text));
      } catch (error) {
        const trouble = storeTroubleMessage(error);
        if (trouble === undefined) throw error;
        await this.chat.reply(context, deps.cards.refusal(trouble));
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

  /** Channel and tenant come first: an activity from elsewhere reads no change and stores nothing. */
  override async run(context: TurnContext): Promise<void> {
    const admission = this.deps.access
      ? admit(context.activity, this.deps.access)
      : { admitted: true as const };
    if (admission.admitted) {
      // botbuilder reads value.action.type unchecked: a press without an action object would throw there.
      if (isInvokeWithoutAction(context.activity)) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 400,
            body: { error: 'an adaptiveCard/action invoke needs value.action (an object)' },
          },
        });
        return;
      }
      return super.run(context);
    }
    const { activity } = context;
    this.deps.logger.warn(
      {
        why: admission.why,
        detail: admission.detail,
        activityId: forLog(activity.id),
        type: forLog(activity.type, 32),
      },
      admission.why === 'tenant'
        ? 'activity from a tenant that is not in ALLOWED_TENANTS: ignored'
        : 'activity from a channel other than Teams: answered with one line',
    );
    const isInvoke = activity.type === ActivityTypes.Invoke;
    if (admission.why === 'tenant') {
      if (isInvoke)
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      return;
    }
    if (isInvoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: messageResponse(OTHER_CHANNEL_LINE) },
      });
    } else if (activity.type === ActivityTypes.Message) {
      await context.sendActivity(OTHER_CHANNEL_LINE);
    }
  }

  /** Only card actions are invokes this bot knows: any other name is the sender's mistake (400, not 501). */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return {
      status: 400,
      body: {
        error: `this bot handles adaptiveCard/action invokes only, not "${forLog(context.activity.name, 40)}"`,
      },
    };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const conversationKey = await rememberSafely(this.deps.book, context.activity, this.deps.logger);
    await this.deps.roster?.learn(context.activity);
    const action = invokeValue?.action as { verb?: unknown; data?: unknown } | undefined;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data = (
      typeof action?.data === 'object' && action.data !== null && !Array.isArray(action.data)
        ? action.data
        : {}
    ) as ActionData;
    const log = this.deps.logger.child({
      activityId: forLog(context.activity.id),
      verb: forLog(verb, 40),
      changeId: forLog(data.changeId, 40),
    });
    if (verb === REFRESH_VERB && this.deps.refresh) return answerRefresh(this.deps.refresh, context, data);
    try {
      const response =
        isDrillVerb(verb) && this.deps.drills
          ? await answerDrillPress(this.deps.drills, context, verb, data)
          : await this.actions.handle(context, verb, data, conversationKey);
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
