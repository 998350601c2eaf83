import type { LinkFile } from './durableFile';
import type { ChangeSchema } from './migrations';

/** The part of a pino logger the store uses. */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JsonStoreOptions {
  dataDir: string;
  logger?: StoreLogger;
  /** Stamps records (records.ts); the system clock by default. */
  clock?: () => Date;
  /** The change schema and its migrations; the current one by default (tests pass a bumped one). */
  changeSchema?: ChangeSchema;
  /**
   * Creates a hard link; fs.link by default. Tests pass one that fails as on an SMB share (EPERM, ENOTSUP),
   * to run the store's path for file systems without hard links.
   */
  link?: LinkFile;
  /** Seal a journal segment (and write it back) at this size; 8 MB by default. Tests make it small. */
  journalSegmentBytes?: number;
  /**
   * false: never write the journal back (nor at close), so the journal stays as it is. Only for tests that check
   * what a start makes of a journal a crash left; a bot always writes back.
   */
  writeBack?: boolean;
}
