/** The largest change record seen (written, created or replayed): what readiness expects the next write to need. */
export class RecordSizes {
  largest = 0;

  note(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.largest) this.largest = bytes;
  }
}
