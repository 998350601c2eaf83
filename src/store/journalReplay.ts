import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scanRecords, type DamagedSpan } from './journalRecords';
import { segmentSequence } from './writeAheadJournal';

/** The last record of one change found in the journal. */
export interface LatestRecord {
  id: string;
  version: number;
  /** The change file's JSON as the record holds it. */
  text: string;
  segment: string;
}

export interface Replay {
  /** Segments found, oldest first. */
  segments: number[];
  latest: Map<string, LatestRecord>;
  records: number;
  /** Segments whose end was cut (torn by a crash): what was not read, per file. */
  cut: { file: string; ignoredBytes: number; why: string }[];
  /** Segments with unreadable bytes before checked records: damage, read around (see scanRecords). */
  damaged: DamagedSegment[];
}

export interface DamagedSegment {
  file: string;
  spans: DamagedSpan[];
}

/**
 * Reads every segment, oldest first, and keeps the highest version of each change. A segment's torn end (an
 * append a crash cut, never acknowledged) is ignored; a damaged record with checked records after it is
 * skipped and reported, and the records after it count. The files are not modified (new records go to a new
 * segment).
 */
export async function readJournal(folder: string): Promise<Replay> {
  const segments = (await fs.readdir(folder))
    .map((name) => segmentSequence(name))
    .filter((sequence): sequence is number => sequence !== undefined)
    .sort((a, b) => a - b);
  const replay: Replay = { segments, latest: new Map(), records: 0, cut: [], damaged: [] };
  for (const sequence of segments) {
    const file = path.join(folder, `${String(sequence).padStart(12, '0')}.wal`);
    const bytes = await fs.readFile(file);
    const scan = scanRecords(bytes);
    if (scan.stopped !== undefined) {
      replay.cut.push({ file, ignoredBytes: bytes.length - scan.readable, why: scan.stopped });
    }
    if (scan.damaged.length > 0) replay.damaged.push({ file, spans: scan.damaged });
    replay.records += scan.records.length;
    // Positions first: only the JSON of the last record of each change is decoded.
    const last = new Map<string, (typeof scan.records)[number]>();
    for (const record of scan.records) {
      const known = last.get(record.id);
      if (known === undefined || record.version >= known.version) last.set(record.id, record);
    }
    for (const record of last.values()) {
      const earlier = replay.latest.get(record.id);
      if (earlier !== undefined && earlier.version > record.version) continue;
      replay.latest.set(record.id, {
        id: record.id,
        version: record.version,
        text: bytes.toString('utf8', record.start, record.end),
        segment: file,
      });
    }
  }
  return replay;
}
