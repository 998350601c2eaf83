import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scanRecords, type DamagedSpan, type JournalRecord } from './journalRecords';
import { applyFields, type FieldDelta } from './recordDelta';
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
  /** Delta records that checked out but whose whole record did not (damaged): their versions are lost. */
  orphans: { file: string; id: string; versions: number[] }[];
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
  const replay: Replay = { segments, latest: new Map(), records: 0, cut: [], damaged: [], orphans: [] };
  for (const sequence of segments) {
    const file = path.join(folder, `${String(sequence).padStart(12, '0')}.wal`);
    const bytes = await fs.readFile(file);
    const scan = scanRecords(bytes);
    if (scan.stopped !== undefined) {
      replay.cut.push({ file, ignoredBytes: bytes.length - scan.readable, why: scan.stopped });
    }
    if (scan.damaged.length > 0) replay.damaged.push({ file, spans: scan.damaged });
    replay.records += scan.records.length;
    // Positions first: only the JSON of the last record of each change (and of its whole record) is decoded.
    const byChange = new Map<string, JournalRecord[]>();
    for (const record of scan.records) {
      const list = byChange.get(record.id);
      if (list === undefined) byChange.set(record.id, [record]);
      else list.push(record);
    }
    for (const [id, records] of byChange) {
      const earlier = replay.latest.get(id);
      const orphans: number[] = [];
      const latest = latestReadable(bytes, records, earlier?.version ?? 0, orphans);
      if (orphans.length > 0) replay.orphans.push({ file, id, versions: orphans.sort((a, b) => a - b) });
      if (latest === undefined) continue;
      replay.latest.set(id, { id, version: latest.version, text: latest.text, segment: file });
    }
  }
  return replay;
}

/**
 * The highest version of one change this segment can give, above `above`: a whole record as it is, a delta
 * applied to its whole record or the one before it (same segment). A delta whose two whole records are both
 * damaged cannot be read: the version before it is taken instead.
 */
function latestReadable(
  bytes: Buffer,
  records: JournalRecord[],
  above: number,
  orphans: number[],
): { version: number; text: string } | undefined {
  const candidates = [...records].sort((a, b) => b.version - a.version);
  for (const record of candidates) {
    if (record.version <= above) return undefined;
    const text = bytes.toString('utf8', record.start, record.end);
    if (record.base === undefined) return { version: record.version, text };
    const applied = applyDelta(bytes, records, record, text);
    if (applied === undefined) {
      orphans.push(record.version);
      continue;
    }
    return applied;
  }
  return undefined;
}

/**
 * A delta record applied to its whole record, or, when that one cannot be read (damaged), to the whole record
 * before it (the `alt` delta every delta also carries; see writeAheadJournal.ts).
 */
function applyDelta(
  bytes: Buffer,
  records: JournalRecord[],
  record: JournalRecord,
  text: string,
): { version: number; text: string } | undefined {
  let payload: { version: number; delta: FieldDelta; alt?: { base: number; delta: FieldDelta } };
  try {
    payload = JSON.parse(text) as typeof payload;
  } catch {
    return undefined; // checked by its CRC, yet not JSON: never written so
  }
  if (payload.version !== record.version) return undefined;
  const tries = [{ base: record.base, delta: payload.delta }, ...(payload.alt ? [payload.alt] : [])];
  for (const { base, delta } of tries) {
    const whole = records.find((other) => other.base === undefined && other.version === base);
    if (whole === undefined) continue;
    try {
      const file = JSON.parse(bytes.toString('utf8', whole.start, whole.end)) as Record<string, unknown>;
      const change = applyFields(file.change as Record<string, unknown>, delta);
      return { version: record.version, text: JSON.stringify({ ...file, version: record.version, change }) };
    } catch {
      continue; // not a delta of that record: never written so; the other base may do
    }
  }
  return undefined;
}
