import { crc32 } from 'node:zlib';

/*
 * One record of the write-ahead journal: a header line, then the change file's JSON, then a newline.
 *
 *   CB1 CHG-2026-007 12 8345 9f3a01c2\n{"schemaVersion":1,"version":12,"change":{...}}\n
 *        id          version length crc32
 *
 * The length (bytes of the JSON) and the CRC-32 (of "id version length\n" and the JSON) let the reader tell
 * a complete record from the torn end of an append that a crash cut: a record that is short, or whose
 * checksum does not match, ends the readable part of the segment, and nothing after it is read. Id and
 * version sit in the header so that replay parses only the last record of each change.
 */

const MAGIC = 'CB1';
/** Longest header: magic, id (CHG-yyyy-n…), version, length, checksum. */
const MAX_HEADER = 96;
const HEADER = /^CB1 (CHG-\d{4}-\d{3,}) (\d{1,15}) (\d{1,12}) ([0-9a-f]{8})$/;
const NEWLINE = 0x0a;

export function encodeRecord(id: string, version: number, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const fields = `${id} ${version} ${body.length}\n`;
  const sum = crc32(body, crc32(fields)).toString(16).padStart(8, '0');
  const header = Buffer.from(`${MAGIC} ${id} ${version} ${body.length} ${sum}\n`, 'latin1');
  return Buffer.concat([header, body, Buffer.from('\n')]);
}

export interface JournalRecord {
  id: string;
  version: number;
  /** Where the JSON sits in the segment's bytes. */
  start: number;
  end: number;
}

export interface Scan {
  records: JournalRecord[];
  /** Bytes from the start that hold whole, checked records. */
  readable: number;
  /** Why reading stopped before the end of the bytes, if it did. */
  stopped?: string;
}

/** Reads the records of one segment up to the first one that is incomplete or fails its checksum. */
export function scanRecords(bytes: Buffer): Scan {
  const records: JournalRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const stop = (why: string): Scan => ({ records, readable: at, stopped: why });
    const lineEnd = bytes.indexOf(NEWLINE, at);
    if (lineEnd === -1 || lineEnd - at > MAX_HEADER) {
      return stop(lineEnd === -1 && bytes.length - at <= MAX_HEADER ? 'a torn header' : 'no record header');
    }
    const header = HEADER.exec(bytes.toString('latin1', at, lineEnd));
    if (header === null) return stop('no record header');
    const [, id, versionText, lengthText, sum] = header as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const length = Number(lengthText);
    const start = lineEnd + 1;
    const end = start + length;
    if (end + 1 > bytes.length) return stop('a torn record (shorter than its length)');
    if (bytes[end] !== NEWLINE) return stop('a record that does not end where its length says');
    const body = bytes.subarray(start, end);
    const expected = crc32(body, crc32(`${id} ${versionText} ${lengthText}\n`));
    if (expected.toString(16).padStart(8, '0') !== sum) return stop('a record whose checksum does not match');
    records.push({ id, version: Number(versionText), start, end });
    at = end + 1;
  }
  return { records, readable: at };
}
