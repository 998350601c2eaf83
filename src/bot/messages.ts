import type { CloudAdapter, Request as BotRequest, Response as BotResponse } from 'botbuilder';
import type { ChangeBot } from './changeBot';

/** POST /api/messages: the adapter checks the token (when configured) and runs the bot's turn. */
export function messagesHandler(adapter: CloudAdapter, bot: ChangeBot) {
  return async (req: unknown, res: unknown): Promise<void> => {
    await adapter.process(req as BotRequest, res as BotResponse, (context) => bot.run(context));
  };
}
