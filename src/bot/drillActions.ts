import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Drills } from '../app/drills';
import type { RestoreDrill } from '../domain/drills';
import { cardResponse, messageResponse } from './cardActions';
import type { Card } from './cardSet';
import { NO_IDENTITY_MESSAGE, personOf } from './identity';
import { readDrillPress, type ActionData, type DrillVerb } from './verbs';

export interface DrillActionDeps {
  drills: Drills;
  /** The drill card as the drill stands now. */
  card: (drill: RestoreDrill) => Card;
  /** A refusal card (unknown service, no identity). */
  refusal: (message: string) => Card;
}

/** `drill <service>`: the card to post, or why not. */
export async function answerDrillCommand(
  deps: DrillActionDeps,
  activity: TurnContext['activity'],
  service: string | undefined,
): Promise<Card> {
  const by = personOf(activity);
  if (!by) return deps.refusal(NO_IDENTITY_MESSAGE);
  const opened = await deps.drills.open(service, by);
  return opened.ok ? deps.card(opened.drill) : deps.refusal(opened.message);
}

/** A press on a drill card: the card updated in place, or a short message when nothing changed. */
export async function answerDrillPress(
  deps: DrillActionDeps,
  context: TurnContext,
  verb: DrillVerb,
  data: ActionData,
): Promise<AdaptiveCardInvokeResponse> {
  const by = personOf(context.activity);
  if (!by) return messageResponse(NO_IDENTITY_MESSAGE);
  const press = readDrillPress(verb, data);
  if (!press.ok) return messageResponse(press.message);
  const result = await deps.drills.press(verb, press.drillId, press, by);
  if (result.ok) return cardResponse(deps.card(result.drill));
  // A wrong choice leaves the card as it is; an old card (already finished) shows the drill as it is now.
  return result.drill && result.drill.state !== 'ready' && result.drill.state !== 'running'
    ? cardResponse(deps.card(result.drill))
    : messageResponse(result.message);
}
