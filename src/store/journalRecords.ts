import { crc32 } from 'node:zlib';

/*
 * One record of the write-ahead journal: a header line, then the change file's JSON, then a newline.
 *
 *   CB1 CHG-2026-007 12 8345 9f3a01c2\n{"schemaVersion":1,"version":12,"change":{...}}\n
 *        id          version length crc32
 *
 * The length (bytes of the JSON) and the CRC-32 (of "id version length\n" and the JSON) let the reader tell
 * a complete record from the torn end of an append that a crash cut, and from damage further in (see
 * scanRecords). Id and version sit in the header so that replay parses only the last record of each change.
 */

const MAGIC = 'CB1';
const DELTA_MAGIC = 'CD1';
/** Longest header: magic, id (CHG-yyyy-n…), version, base version, length, checksum. */
const MAX_HEADER = 112;
const HEADER = /^CB1 (CHG-\d{4}-\d{3,}) (\d{1,15}) (\d{1,12}) ([0-9a-f]{8})$/;
const DELTA_HEADER = /^CD1 (CHG-\d{4}-\d{3,}) (\d{1,15}) (\d{1,15}) (\d{1,12}) ([0-9a-f]{8})$/;
const NEWLINE = 0x0a;
/** Where records start: a newline, then a magic's first letter (checked in full by readRecord). */
const RESYNC = Buffer.from('\nC', 'latin1');

/** A whole record: the change file's JSON. */
export function encodeRecord(id: string, version: number, payload: string): Buffer {
  return encode(MAGIC, `${id} ${version}`, payload);
}

/**
 * A delta record: what changed since the whole record of version `base` of the same change in the same
 * segment (see writeAheadJournal.ts), as JSON ({"version":…,"delta":…}, recordDelta.ts).
 */
export function encodeDeltaRecord(id: string, version: number, base: number, payload: string): Buffer {
  return encode(DELTA_MAGIC, `${id} ${version} ${base}`, payload);
}

function encode(magic: string, named: string, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const fields = `${named} ${body.length}\n`;
  const sum = crc32(body, crc32(fields)).toString(16).padStart(8, '0');
  const header = Buffer.from(`${magic} ${named} ${body.length} ${sum}\n`, 'latin1');
  return Buffer.concat([header, body, Buffer.from('\n')]);
}

export interface JournalRecord {
  id: string;
  version: number;
  /** A delta record: the version of the whole record it applies to. */
  base?: number;
  /** Where the JSON sits in the segment's bytes. */
  start: number;
  end: number;
}

export interface DamagedSpan {
  /** Where the unreadable bytes start in the segment, and how many there are. */
  at: number;
  bytes: number;
  why: string;
  /** The change and version the first unreadable record names, when its header still reads. */
  id?: string;
  version?: number;
}

export interface Scan {
  records: JournalRecord[];
  /** Bytes from the start up to the end of the last whole, checked record. */
  readable: number;
  /** Why reading stopped before the end of the bytes, if it did: a torn tail (no checked record after it). */
  stopped?: string;
  /** Unreadable bytes with checked records after them: damage, not an interrupted append. */
  damaged: DamagedSpan[];
}

type Read = { record: JournalRecord; next: number } | { why: string; id?: string; version?: number };

/** Reads the record that starts at `at`. */
function readRecord(bytes: Buffer, at: number): Read {
  const lineEnd = bytes.indexOf(NEWLINE, at);
  if (lineEnd === -1 || lineEnd - at > MAX_HEADER) {
    return { why: lineEnd === -1 && bytes.length - at <= MAX_HEADER ? 'a torn header' : 'no record header' };
  }
  const line = bytes.toString('latin1', at, lineEnd);
  const whole = HEADER.exec(line);
  const delta = whole === null ? DELTA_HEADER.exec(line) : null;
  if (whole === null && delta === null) return { why: 'no record header' };
  const [, id, versionText, baseText, lengthText, sum] = (
    whole === null ? delta : [whole[0], whole[1], whole[2], undefined, whole[3], whole[4]]
  ) as [string, string, string, string | undefined, string, string];
  const named = { id, version: Number(versionText) };
  const fields = baseText === undefined ? `${id} ${versionText}` : `${id} ${versionText} ${baseText}`;
  const length = Number(lengthText);
  const start = lineEnd + 1;
  const end = start + length;
  if (end + 1 > bytes.length) return { why: 'a torn record (shorter than its length)', ...named };
  if (bytes[end] !== NEWLINE) return { why: 'a record that does not end where its length says', ...named };
  const body = bytes.subarray(start, end);
  const expected = crc32(body, crc32(`${fields} ${lengthText}\n`));
  if (expected.toString(16).padStart(8, '0') !== sum) {
    return { why: 'a record whose checksum does not match', ...named };
  }
  const record: JournalRecord = { id, version: named.version, start, end };
  if (baseText !== undefined) record.base = Number(baseText);
  return { record, next: end + 1 };
}

/**
 * The next record after `from` that reads and checks out, if any. A record starts right after a newline, and
 * a record's JSON never holds a raw newline (JSON.stringify escapes it), so a header that checks out after a
 * newline is the start of a record as written: text typed by a user cannot pose as one.
 */
function resynchronise(bytes: Buffer, from: number): number | undefined {
  for (let hit = bytes.indexOf(RESYNC, from); hit !== -1; hit = bytes.indexOf(RESYNC, hit + 1)) {
    if ('record' in readRecord(bytes, hit + 1)) return hit + 1;
  }
  return undefined;
}

/**
 * Reads the records of one segment. A record that is incomplete or fails its checksum, with no checked record
 * after it, is the torn end of an append that a crash cut (never acknowledged): reading stops there. With
 * checked records after it, it is damage (a flipped bit, a bad sector): it is skipped and named in
 * `damaged`, and reading goes on at the next record that checks out, so the writes after it are not lost.
 */
export function scanRecords(bytes: Buffer): Scan {
  const records: JournalRecord[] = [];
  const damaged: DamagedSpan[] = [];
  let at = 0;
  let readable = 0;
  while (at < bytes.length) {
    const read = readRecord(bytes, at);
    if ('record' in read) {
      records.push(read.record);
      at = read.next;
      readable = at;
      continue;
    }
    const next = resynchronise(bytes, at);
    if (next === undefined) return { records, readable, stopped: read.why, damaged };
    damaged.push({
      at,
      bytes: next - at,
      why: read.why,
      ...(read.id === undefined ? {} : { id: read.id, version: read.version! }),
    });
    at = next;
  }
  return { records, readable, damaged };
}
