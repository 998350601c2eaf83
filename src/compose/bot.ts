import { createDrills } from '../app/drills';
import { ChangeBot } from '../bot/changeBot';
import { createdElsewhereConfirmation } from '../bot/createdElsewhere';
import { refreshPressedCard } from '../bot/pressedCard';
import { proactiveResend } from '../bot/quickReply';
import { placeOfNewChange, serviceOfChannel } from '../bot/serviceChannel';
import { statsAnswer } from '../bot/statsCommand';
import { drillCard } from '../cards';
import { processFor } from '../domain/serviceFacts';
import type { StatsWiring } from '../stats/wiring';
import type { Measurements } from '../store/measurements';
import type { ChangeStore } from '../store/types';
import type { ChangeParts } from './changes';
import type { BotOptions, Wiring } from './options';
import type { TeamsParts } from './teams';

/** The bot's turn: messages, card presses and chat commands, over the Teams parts and a change's life. */
export function changeBot(
  { config, proc, logger, clock }: Wiring,
  deps: {
    store: ChangeStore;
    measurements: Measurements;
    teams: TeamsParts;
    changes: ChangeParts;
    stats: StatsWiring;
  } & Pick<BotOptions, 'replyWaitMs'>,
): ChangeBot {
  const { store, measurements, stats } = deps;
  const { adapter, appId, cards, book, roster, prefs, access, views, poster } = deps.teams;
  return new ChangeBot({
    stats: statsAnswer({ report: stats.chat, cards, chartUrl: stats.chartUrl }),
    lifecycle: deps.changes.lifecycle,
    store,
    cards,
    book,
    clock,
    logger,
    resend: proactiveResend(adapter, appId),
    ...(deps.replyWaitMs !== undefined ? { replyWaitMs: deps.replyWaitMs } : {}),
    access: { mode: config.mode, allowedTenants: config.allowedTenants },
    roster,
    prefs,
    placeOfNewChange: (activity, key, service) =>
      placeOfNewChange(activity, key, processFor(proc, service ?? ''), store),
    serviceHere: (activity) => serviceOfChannel(activity, proc),
    confirmCreatedElsewhere: createdElsewhereConfirmation({
      adapter,
      appId,
      book,
      store,
      delivery: deps.changes.delivery,
      logger,
      track: deps.changes.track,
    }),
    refresh: { store, cards, views, process: proc, clock, logger, mayRead: access.mayRead },
    mayRead: access.mayRead,
    creation: access,
    drills: {
      drills: createDrills({ measurements, proc, clock }),
      card: (drill) => drillCard(drill, proc, measurements.measured()),
      refusal: (message) => cards.refusal(message),
    },
    refreshPressedCard: refreshPressedCard({ poster, views, cards, book, clock, logger }),
  });
}
