import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ActiveChangesList, readActiveChangesList } from './activeChangesList';
import type { ChangeIndex } from './changeIndex';
import { parseChangeId } from './changeIds';
import { decodeChangeFile, readChangeFile } from './changeFile';
import type { JournaledWrite } from './writeBack';
import { RecordFiles } from './recordFiles';
import { RECORD_FOLDER } from './records';
import { DurableFolder } from './durableFile';
import { reportEarlierCopies, setAsideDamagedSegments } from './journalDamage';
import { readJournal } from './journalReplay';
import { segmentName } from './writeAheadJournal';
import type { ChangeSchema } from './migrations';
import type { Quarantine } from './quarantine';
import { StoreCorruptError } from './types';
import { isWriteRefusal } from './writeRefusal';
import { forEachLimited } from './forEachLimited';
import type { RecordSizes } from './recordSizes';

/*
 * Opening the JSON store: folders, leftovers of interrupted writes, the ids, the changes with work left (the
 * files the active-changes list names), then the write-ahead journal replayed over them. See jsonStore.ts.
 */

export const ACTIVE_LIST_NAME = 'active-changes.jsonl';
export const JOURNAL_FOLDER = 'journal';
/** Files read at once at start: enough to keep the disk busy, few enough to stay under open-file limits. */
const READ_CONCURRENCY = 16;

export interface OpeningLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const segmentPath = (folder: string, sequence: number): string => path.join(folder, segmentName(sequence));

export interface OpeningContext {
  dataDir: string;
  logger: OpeningLogger;
  index: ChangeIndex;
  quarantine: Quarantine;
  changeSchema: ChangeSchema;
  /** A write the disk refused at start (full, read-only): remembered for readiness, the start goes on. */
  refused: (error: unknown, file: string) => void;
  sizes: RecordSizes;
}

export interface Opened {
  root: DurableFolder;
  changes: DurableFolder;
  recordFolder: DurableFolder;
  journalFolder: DurableFolder;
  recordFiles: RecordFiles;
  activeList: ActiveChangesList;
  /** Writes the journal holds that their change files do not (yet). */
  pending: Map<string, JournaledWrite>;
  /** Journal segments of earlier runs, oldest first: replayed, then written back and deleted. */
  earlierSegments: number[];
  /** The highest segment number on disk (a damaged one that must stay counts too): new ones come after it. */
  lastSegment: number;
}

export async function openFolders(context: OpeningContext, folders: DurableFolder[]): Promise<Opened> {
  const { dataDir } = context;
  const open = async (folder: string): Promise<DurableFolder> => {
    const opened = await DurableFolder.open(folder);
    folders.push(opened);
    return opened;
  };
  const root = await open(dataDir);
  const changes = await open(path.join(dataDir, 'changes'));
  const recordFolder = await open(path.join(dataDir, RECORD_FOLDER));
  const journalFolder = await open(path.join(dataDir, JOURNAL_FOLDER));
  await root.sync(); // the folders just made must outlive a power loss like the files put in them

  await removeLeftovers(context, root, changes, recordFolder);
  await loadIds(context, changes);
  await loadIndex(context, changes);
  await reportEarlierCopies(dataDir, context.quarantine);
  const { pending, segments, lastSegment } = await replayJournal(context, root, journalFolder);
  const activeList = await startActiveList(context, root);
  const recordFiles = new RecordFiles(recordFolder);
  // Read once so that a damaged record is reported at start, not at the next post to its channel.
  await recordFiles.list((error) => context.quarantine.setAside(error, 'record'));
  return {
    root,
    changes,
    recordFolder,
    journalFolder,
    recordFiles,
    activeList,
    pending,
    earlierSegments: segments,
    lastSegment,
  };
}

async function removeLeftovers(context: OpeningContext, ...folders: DurableFolder[]): Promise<void> {
  for (const folder of folders) {
    const entries = await fs.readdir(folder.path, { withFileTypes: true });
    const ours =
      folder.path === context.dataDir
        ? entries.filter(
            (e) =>
              e.name.startsWith(`.${ACTIVE_LIST_NAME}.`) || e.name.startsWith('.damaged-files-told.json.'),
          )
        : entries;
    const removed = await folder.removeLeftoverTempFiles(ours);
    if (removed.length > 0) {
      context.logger.info(
        { folder: folder.path, removed },
        'removed temporary files left by an interrupted write',
      );
    }
  }
}

async function loadIds(context: OpeningContext, changes: DurableFolder): Promise<void> {
  for (const name of await fs.readdir(changes.path)) {
    if (name.endsWith('.json')) context.index.addId(name.slice(0, -'.json'.length));
  }
}

async function loadIndex(context: OpeningContext, changes: DurableFolder): Promise<void> {
  const { index, logger } = context;
  const listFile = path.join(context.dataDir, ACTIVE_LIST_NAME);
  const reading = await readActiveChangesList(listFile);
  let toRead: string[];
  if (reading.state === 'read') {
    toRead = [...reading.ids].filter((id) => index.hasId(id));
    if (reading.tornLastLine) {
      logger.warn(
        { file: listFile },
        'ignored the torn last line of the active-changes list (interrupted write)',
      );
    }
  } else {
    toRead = index.ids();
    if (reading.state === 'unusable' || toRead.length > 0) {
      logger.warn(
        {
          file: listFile,
          reason: reading.state === 'unusable' ? reading.reason : 'missing',
          changes: toRead.length,
        },
        'rebuilding the active-changes list by reading every change file',
      );
    }
  }
  await forEachLimited(toRead, READ_CONCURRENCY, async (id) => {
    const file = path.join(changes.path, `${id}.json`);
    try {
      const stored = await readChangeFile(file, id, context.changeSchema);
      if (stored !== undefined) index.remember(stored);
    } catch (error) {
      // One damaged file must not stop the bot: the others are served, this one is reported.
      if (!(error instanceof StoreCorruptError)) throw error;
      context.quarantine.setAside(error, 'change', id);
    }
  });
}

/**
 * Replays the journal over what the files said: a record counts when its version is higher than the one the
 * file holds (idempotent: a write-back that was done, or half done, changes nothing). Replayed writes stay
 * pending until a write-back writes their files.
 */
async function replayJournal(
  context: OpeningContext,
  root: DurableFolder,
  journalFolder: DurableFolder,
): Promise<{ pending: Map<string, JournaledWrite>; segments: number[]; lastSegment: number }> {
  const { index, logger } = context;
  const replay = await readJournal(journalFolder.path);
  // Before anything may delete a damaged segment: copied aside, or kept where it is when it cannot be.
  const kept = await setAsideDamagedSegments(
    context.dataDir,
    root,
    replay.damaged,
    context.quarantine,
    logger,
  );
  for (const cut of replay.cut) {
    logger.warn(cut, 'ignored the torn end of a journal segment (an interrupted write, never acknowledged)');
  }
  for (const orphan of replay.orphans) {
    logger.warn(
      orphan,
      `journal segment damaged: the whole records that later records of ${orphan.id} build on cannot be read, so versions ${orphan.versions.join(', ')} are lost; the change is served at the last version that reads`,
    );
  }
  const pending = new Map<string, JournaledWrite>();
  for (const record of replay.latest.values()) {
    if (parseChangeId(record.id) === undefined) continue;
    const known = index.version(record.id);
    if (known !== undefined && known >= record.version) continue;
    try {
      const stored = decodeChangeFile(record.segment, record.id, record.text, context.changeSchema);
      context.sizes.note(record.text);
      // The journal's version is newer than the file: a damaged file is replaced by it at the next write-back.
      context.quarantine.release(path.join(context.dataDir, 'changes', `${record.id}.json`));
      index.remember(stored);
      pending.set(record.id, { stored, text: record.text });
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      logger.warn(
        { changeId: record.id, reason: error.message },
        'ignored a journal record that cannot be read',
      );
    }
  }
  if (replay.segments.length > 0) {
    logger.info(
      { segments: replay.segments.length, records: replay.records, replayed: pending.size },
      'replayed the journal',
    );
  }
  const segments = replay.segments.filter((sequence) => !kept.has(segmentPath(journalFolder.path, sequence)));
  return { pending, segments, lastSegment: replay.segments.at(-1) ?? 0 };
}

/**
 * A full or read-only disk must not stop the start: the bot then serves reads and answers writes with
 * "nothing was saved". The list on disk still keeps its invariant (the fresh one was never put in place),
 * and the first write after the disk recovers rewrites it before anything else.
 */
async function startActiveList(context: OpeningContext, root: DurableFolder): Promise<ActiveChangesList> {
  const file = path.join(context.dataDir, ACTIVE_LIST_NAME);
  // A damaged change stays listed, so that every start reads (and reports) it again until it is fixed.
  const ids = new Set([...context.index.idsWithWork(), ...context.quarantine.damagedChangeIds()]);
  try {
    return await ActiveChangesList.start(file, root, ids);
  } catch (error) {
    if (!isWriteRefusal(error)) throw error;
    context.refused(error, file);
    return ActiveChangesList.deferred(file, root, ids);
  }
}
