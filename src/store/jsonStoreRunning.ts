import type { ChangeIndex } from './changeIndex';
import { ChangeWrites } from './changeWrites';
import type { LinkFile } from './durableFile';
import type { StoreLogger } from './jsonStoreOptions';
import { LocalRecords } from './localRecords';
import type { ChangeSchema } from './migrations';
import type { Quarantine } from './quarantine';
import type { RecordSizes } from './recordSizes';
import type { Opened } from './storeOpening';
import { WriteAheadJournal } from './writeAheadJournal';
import { WriteBack } from './writeBack';
import type { WriteOutcomes } from './writeOutcomes';

/*
 * What an open JSON store runs over the folders storeOpening.ts opened: the journal, its write-back to the
 * change files, the change writes and the record files; started together by open(), stopped together by
 * close() (see jsonStore.ts).
 */

export interface Running extends Opened {
  journal: WriteAheadJournal;
  writeBack: WriteBack;
  writes: ChangeWrites;
  records: LocalRecords;
}

export interface RunningDeps {
  dataDir: string;
  logger: StoreLogger;
  clock: () => Date;
  changeSchema: ChangeSchema;
  link?: LinkFile;
  segmentBytes: number;
  index: ChangeIndex;
  quarantine: Quarantine;
  outcomes: WriteOutcomes;
  sizes: RecordSizes;
  /** A segment was sealed: the store writes it back unless write-backs are off. */
  sealed: () => void;
  /** A write-back put in place changes with no work left. */
  settled: () => void;
  running: () => Running;
}

export function startRunning(opened: Opened, deps: RunningDeps): Running {
  const journal = new WriteAheadJournal(
    opened.journalFolder,
    opened.earlierSegments,
    deps.segmentBytes,
    deps.sealed,
    opened.lastSegment,
  );
  const writeBack = new WriteBack({
    changes: opened.changes,
    pending: opened.pending,
    journal,
    activeList: () => opened.activeList,
    logger: deps.logger,
    settled: deps.settled,
  });
  const writes = new ChangeWrites({
    dataDir: deps.dataDir,
    index: deps.index,
    quarantine: deps.quarantine,
    outcomes: deps.outcomes,
    changeSchema: deps.changeSchema,
    ...(deps.link === undefined ? {} : { link: deps.link }),
    logger: deps.logger,
    sizes: deps.sizes,
    opened: deps.running,
  });
  const records = new LocalRecords(opened.recordFiles, deps.quarantine, deps.outcomes, deps.clock);
  return { ...opened, journal, writeBack, writes, records };
}

/** Writes every change file from the journal (when `writeBack`), then closes the journal, the list and the folders. */
export async function stopRunning(running: Running, writeBack: boolean, logger: StoreLogger): Promise<void> {
  const last = writeBack ? running.writeBack.finish() : Promise.resolve();
  await last.catch((error: unknown) => {
    // Nothing is lost: the journal keeps the writes and the next start replays them.
    logger.error(
      { err: error },
      'could not write the journal back at close; the next start replays the journal',
    );
  });
  await running.journal.close();
  await running.activeList.close();
  const folders = [running.root, running.changes, running.recordFolder, running.journalFolder];
  await Promise.all(folders.map((folder) => folder.close()));
}
