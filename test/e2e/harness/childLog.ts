import { createWriteStream, type WriteStream } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

const COLOUR_CODES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Keeps a child's stdout and stderr in a file and its last lines in memory, for failure reports. */
export class ChildLog {
  private readonly lines: string[] = [];
  private partial = '';
  private readonly file: WriteStream;

  constructor(
    readonly path: string,
    private readonly keep = 400,
  ) {
    this.file = createWriteStream(path, { flags: 'a' });
  }

  attach(child: ChildProcess, label: string): void {
    this.note(`--- ${label} started, pid ${child.pid ?? '?'} ---`);
    const take = (chunk: Buffer) => this.write(chunk.toString('utf8'));
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
  }

  note(line: string): void {
    this.write(`${line}\n`);
  }

  tail(count = 60): string {
    const lines = this.partial ? [...this.lines, this.partial] : this.lines;
    return lines.slice(-count).join('\n');
  }

  text(): string {
    return this.tail(this.keep);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }

  private write(text: string): void {
    this.file.write(text);
    // pino-pretty colours its output even into a pipe; colour codes only clutter a failure report.
    const parts = (this.partial + text.replace(COLOUR_CODES, '')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }
}
