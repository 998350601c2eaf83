import { createAdapter } from '../bot/adapter';
import { createChangeAccess } from '../bot/changeAccess';
import { createConversationBook } from '../bot/conversations';
import { createMembership } from '../bot/membership';
import { limitPersonalNotices } from '../bot/noticeLimit';
import { createNotifyPrefs } from '../bot/notifyPrefs';
import { createPersonalNotice } from '../bot/personalNotice';
import { createPoster } from '../bot/poster';
import { createRoster } from '../bot/roster';
import { templateCards } from '../bot/templateCards';
import { createUserViews } from '../bot/userViews';
import type { Blackout } from '../domain/blackouts';
import type { Measurements } from '../store/measurements';
import type { ChangeStore } from '../store/types';
import type { Wiring } from './options';

export type TeamsParts = ReturnType<typeof teamsParts>;

/**
 * What the bot says in Teams and to whom: the connector, the cards of this process, the conversations and
 * people it knows, who may read what, and the poster that sends the notices (a 1:1 copy within its limit).
 */
export function teamsParts(
  { config, proc, logger, clock }: Wiring,
  deps: {
    store: ChangeStore;
    measurements: Measurements;
    blackouts: () => readonly Blackout[];
    connectorTimeoutMs: number;
  },
) {
  const { store, connectorTimeoutMs } = deps;
  const appId = config.bot.appId ?? '';
  const adapter = createAdapter(config, logger, { timeoutMs: connectorTimeoutMs });
  const cards = templateCards(proc, deps.blackouts, clock, deps.measurements.measured);
  const book = createConversationBook(store, logger);
  const roster = createRoster(store, logger);
  const access = createChangeAccess({
    process: proc,
    membership: createMembership({ logger, clock }),
    clock,
  });
  const views = createUserViews({ cards, process: proc, roster, clock });
  const prefs = createNotifyPrefs(store);
  const poster = createPoster({
    views,
    personal: limitPersonalNotices(
      createPersonalNotice({ adapter, appId, roster, prefs, cards, clock, logger }),
      { clock, logger },
    ),
    adapter,
    appId,
    book,
    cards,
    process: proc,
    clock,
    logger,
    // A backstop: the connector's HTTP client aborts the request at connectorTimeoutMs already.
    timeoutMs: 2 * connectorTimeoutMs,
  });
  return { adapter, appId, cards, book, roster, access, views, prefs, poster };
}
