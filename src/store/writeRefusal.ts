import { StoreWriteError } from './types';

/**
 * System errors by which a disk refuses a write: full, over quota, read-only, failing, or not ours to write.
 * Nothing about the data is wrong, and the same write may succeed later (space freed, mount fixed).
 */
const REFUSALS = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EIO',
  'EACCES',
  'EPERM',
  'EFBIG',
  'EMFILE',
  'ENFILE',
]);

export function isWriteRefusal(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  if (error instanceof StoreWriteError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && REFUSALS.has(code);
}

/** The refusal as the typed error the bot answers with "nothing was saved"; other errors as they are. */
export function asStoreWriteError(error: unknown, file: string): unknown {
  if (error instanceof StoreWriteError || !isWriteRefusal(error)) return error;
  return new StoreWriteError(file, error.code);
}
