import type { Change } from '../domain/change';
import { StoreCorruptError, type ChangeStore } from './types';

/**
 * The change, or undefined when it is gone or its file is damaged (the store has set the file aside and
 * reports it: quarantined()). For views over many changes: one damaged file must not take the view down. Any
 * other failure (a failing disk) still throws.
 */
export async function readableChange(
  store: Pick<ChangeStore, 'get'>,
  id: string,
): Promise<Change | undefined> {
  try {
    return (await store.get(id))?.change;
  } catch (error) {
    if (error instanceof StoreCorruptError) return undefined;
    throw error;
  }
}
