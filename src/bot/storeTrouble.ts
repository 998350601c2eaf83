import path from 'node:path';
import type { Activity } from 'botbuilder';
import type { Logger } from '../app/ports';
import { StoreCorruptError, StoreWriteError, type ChangeStore } from '../store/types';
import { conversationKeyOf, type ConversationBook } from './conversations';

/*
 * What a user is told when the store cannot do its part: the disk refused a write, or a stored file cannot
 * be read. Never a success, never an empty answer, never a path or an error code (those are in the log).
 */

export const NOTHING_SAVED =
  'Nothing was saved: the bot cannot write to its storage right now (the disk is full or read-only). ' +
  'Try again in a few minutes; if it keeps happening, tell the bot operator.';

function unreadable(error: StoreCorruptError): string {
  const name = path.basename(error.path);
  const id = name.endsWith('.json') && name.startsWith('CHG-') ? name.slice(0, -'.json'.length) : undefined;
  const what = id ? `${id} cannot be read: its stored file ${name} is damaged` : 'A stored file is damaged';
  return (
    `${what}, so nothing was changed. The bot operator must restore it from a backup of the data folder; ` +
    `every other change works as usual.`
  );
}

/** The message for a store error the user can be told about; undefined for any other error. */
export function storeTroubleMessage(error: unknown): string | undefined {
  if (error instanceof StoreWriteError) return NOTHING_SAVED;
  if (error instanceof StoreCorruptError) return unreadable(error);
  return undefined;
}

/**
 * Stores the conversation reference if it can, and returns its key either way: a full disk or a damaged
 * reference file must not stop the press or the command it came with (the store has logged the path).
 */
export async function rememberSafely(
  book: ConversationBook,
  activity: Partial<Activity>,
  logger: Logger,
): Promise<string> {
  try {
    return await book.remember(activity);
  } catch (error) {
    const key = conversationKeyOf(activity);
    logger.warn(
      { conversationKey: key, reason: error instanceof Error ? error.name : String(error) },
      'could not store the conversation reference; the turn goes on without it',
    );
    return key;
  }
}

/** The changes whose files cannot be read, for the `list` answer: each named, with what to do. */
export function unreadableChanges(store: ChangeStore): string | undefined {
  const files = (store.quarantined?.() ?? []).filter((file) => file.kind === 'change');
  if (files.length === 0) return undefined;
  const names = files.map((file) => file.id ?? path.basename(file.path)).join(', ');
  return (
    `Not listed because their stored files are damaged: ${names}. ` +
    `The bot operator must restore ${files.length === 1 ? 'it' : 'them'} from a backup of the data folder ` +
    `(DATA_DIR/changes); every other change works as usual.`
  );
}
