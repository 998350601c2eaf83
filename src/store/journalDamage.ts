import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { isCode, replaceWith, type DurableFolder } from './durableFile';
import type { DamagedSegment } from './journalReplay';
import type { Quarantine } from './quarantine';
import { isWriteRefusal } from './writeRefusal';

/*
 * A journal segment with damaged records (a flipped bit, a bad sector; not a torn append) is copied to
 * DATA_DIR/quarantine/ before the write-back after the start may delete it, so that an operator can look at
 * what could not be read. The copy is reported (readiness degraded, the owners mailed once) until an operator
 * deletes it: the report outlives the restarts, as the damaged change files' do.
 */

export const QUARANTINE_FOLDER = 'quarantine';
const COPY_NAME = /^journal-\d{12}-[0-9a-f]{8}\.wal$/;

export interface DamageLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Copies each damaged segment aside, durably, and reports it. Returns the segments whose copy could not be
 * made (full or read-only disk): they must stay in the journal folder, never deleted, until a start copies them.
 */
export async function setAsideDamagedSegments(
  dataDir: string,
  root: DurableFolder,
  damaged: DamagedSegment[],
  quarantine: Quarantine,
  logger: DamageLogger,
): Promise<Set<string>> {
  const kept = new Set<string>();
  if (damaged.length === 0) return kept;
  const folder = path.join(dataDir, QUARANTINE_FOLDER);
  for (const segment of damaged) {
    const what = describe(segment);
    try {
      const copy = await copyAside(segment.file, folder, root);
      logger.warn(
        { file: segment.file, copy, spans: segment.spans },
        `journal segment damaged: ${what}; the records after the damage were replayed; a copy is kept at ${copy}`,
      );
      quarantine.report({ kind: 'journal', path: copy, reason: reasonFor(segment.file, what) });
    } catch (error) {
      if (!isWriteRefusal(error)) throw error;
      kept.add(segment.file);
      logger.error(
        { file: segment.file, code: error.code, spans: segment.spans },
        `journal segment damaged: ${what}; it could not be copied aside (${error.code}), so it stays in the journal and is never deleted until a start can copy it`,
      );
      quarantine.report({ kind: 'journal', path: segment.file, reason: reasonFor(segment.file, what) });
    }
  }
  return kept;
}

/** Copies set aside by earlier starts: still reported until an operator deletes them. */
export async function reportEarlierCopies(dataDir: string, quarantine: Quarantine): Promise<void> {
  const folder = path.join(dataDir, QUARANTINE_FOLDER);
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  for (const name of names.filter((n) => COPY_NAME.test(n)).sort()) {
    quarantine.report({
      kind: 'journal',
      path: path.join(folder, name),
      reason:
        'A journal segment with damaged records, copied here at an earlier start; the records after the damage were replayed. ' +
        'Check the changes it names, then delete this copy.',
    });
  }
}

function describe(segment: DamagedSegment): string {
  return segment.spans
    .map((span) => {
      const record = span.id === undefined ? 'a record' : `the record of ${span.id} version ${span.version}`;
      return `${span.bytes} unreadable bytes at offset ${span.at} (${record}: ${span.why})`;
    })
    .join(', ');
}

function reasonFor(file: string, what: string): string {
  return (
    `Journal segment ${path.basename(file)} had damaged records: ${what}. Those writes are lost unless a later ` +
    'write of the same change replaced them; every record after the damage was replayed. Check the changes it ' +
    'names, then delete this copy.'
  );
}

/** Same bytes, same name: a start that dies after the copy and copies again does not make a second one. */
async function copyAside(file: string, folder: string, root: DurableFolder): Promise<string> {
  const bytes = await fs.readFile(file);
  const sum = crc32(bytes).toString(16).padStart(8, '0');
  const target = path.join(folder, `journal-${path.basename(file, '.wal')}-${sum}.wal`);
  await fs.mkdir(folder, { recursive: true });
  await root.sync();
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await replaceWith(temp, target);
  const dir = await fs.open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return target;
}
