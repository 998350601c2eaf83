import { encodeDeltaRecord, encodeRecord } from './journalRecords';
import { diffFields } from './recordDelta';

/*
 * What a write-ahead journal record holds. The first two records of a change in a segment are whole (the
 * change file's JSON); the later ones of that change in the same segment hold only what changed since the
 * last whole record (the fields that differ, arrays as "keep n, add these": recordDelta.ts), and again since
 * the whole record before it, until that grows past three quarters of a whole record, when a whole one is
 * written again. So a press appends a few hundred bytes, however long the change; every delta applies to a
 * whole record of its own segment (a segment is replayed, and deleted, on its own); one damaged delta loses
 * only its own version, and one damaged whole record loses nothing (the deltas after it apply to the whole
 * record before it).
 */

type JsonObject = Record<string, unknown>;

/** The whole record of a change in a segment: what its later records there are deltas of. */
interface Base {
  version: number;
  fields: JsonObject;
  bytes: number;
}

/** Per change, its last two whole records in one segment, oldest first. */
export type Bases = Map<string, Base[]>;

export interface JournalWrite {
  id: string;
  version: number;
  /** The change file's JSON. */
  text: string;
  /** The change as an object, to compare with the segment's whole record of it; absent: write it whole. */
  fields?: JsonObject;
}

/**
 * The record of one write: deltas of the segment's last two whole records of the change, when worth it. A
 * whole record goes to `staged` (the segment's bases once the batch is durable).
 */
export function encodeWrite(segment: Bases, staged: Bases, write: JournalWrite): Buffer {
  const { id, version, text, fields } = write;
  const known = staged.get(id) ?? segment.get(id) ?? [];
  const [previous, latest] = known;
  if (fields !== undefined && previous !== undefined && latest !== undefined && latest.version < version) {
    const payload = JSON.stringify({
      version,
      delta: diffFields(latest.fields, fields),
      alt: { base: previous.version, delta: diffFields(previous.fields, fields) },
    });
    if (payload.length * 4 <= latest.bytes * 3) {
      return encodeDeltaRecord(id, version, latest.version, payload);
    }
  }
  if (fields !== undefined) {
    // Its own copy, from the bytes written: the caller's object may live on (and is none of ours).
    const whole = (JSON.parse(text) as { change: JsonObject }).change;
    staged.set(id, [...known.slice(-1), { version, fields: whole, bytes: text.length }]);
  }
  return encodeRecord(id, version, text);
}
