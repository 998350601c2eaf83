/**
 * Reads an `strace -f -y` log and checks the durability order of every file the store put in place between
 * two acknowledgements (`ack ...` written to stdout after the store's promise resolved):
 *  1. the data was written to the temporary file and fsync'd before the rename or link;
 *  2. the folder was fsync'd after the rename or link and before the acknowledgement;
 *  3. a journal line appended in the same step was fdatasync'd before a change file was put in place;
 *  4. a record appended to the write-ahead journal (journal/*.wal) was fdatasync'd before the
 *     acknowledgement, and the journal folder fsync'd once before the first acknowledgement that needs it;
 *  5. a journal segment was deleted only after the change files put in place in the same step (the
 *     write-back) and their folder were fsync'd.
 */
import path from 'node:path';

export interface Call {
  name: string;
  /** The path strace shows for the first argument (an fd with -y, or a quoted path). */
  subject: string;
  args: string;
  /** Line numbers of the call's entry and of its completion. */
  start: number;
  end: number;
}

export function parseStrace(log: string): Call[] {
  const calls: Call[] = [];
  const open = new Map<string, { name: string; args: string; start: number }>();
  log.split('\n').forEach((line, index) => {
    const match = /^(\d+)\s+(.*)$/.exec(line);
    if (!match) return;
    const [, pid, rest] = match as unknown as [string, string, string];
    const resumed = /^<\.\.\. (\w+) resumed>(.*)$/.exec(rest);
    if (resumed) {
      const begun = open.get(pid);
      open.delete(pid);
      if (begun) calls.push(finish(begun.name, begun.args + resumed[2], begun.start, index));
      return;
    }
    const call = /^(\w+)\((.*)$/.exec(rest);
    if (!call) return;
    const [, name, args] = call as unknown as [string, string, string];
    if (args.endsWith('<unfinished ...>')) open.set(pid, { name, args, start: index });
    else calls.push(finish(name, args, index, index));
  });
  return calls.sort((a, b) => a.start - b.start);
}

function finish(name: string, args: string, start: number, end: number): Call {
  const subject = /^\d+<([^>]*)>/.exec(args)?.[1] ?? /^"([^"]*)"/.exec(args)?.[1] ?? '';
  return { name: name.replace(/at2?$/, ''), subject, args, start, end };
}

const WRITES = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2']);

export interface Step {
  ack: string;
  placed: string[];
}

/** Returns the problems found (empty when every placement kept the order) and the steps seen. */
export function checkOrder(calls: Call[], dataDir: string): { problems: string[]; steps: Step[] } {
  const problems: string[] = [];
  const steps: Step[] = [];
  const journal = path.join(dataDir, 'active-changes.jsonl');
  let from = -1;
  for (const ack of calls.filter(
    (call) => WRITES.has(call.name) && /^1</.test(call.args) && call.args.includes('"ack '),
  )) {
    const label = /"ack ([^"\\]*)/.exec(ack.args)?.[1] ?? '?';
    const inStep = calls.filter((call) => call.start > from && call.end < ack.start);
    const placements = inStep.filter(
      (call) =>
        (call.name === 'rename' || call.name === 'link') &&
        call.subject.startsWith(dataDir) &&
        call.subject.endsWith('.tmp'),
    );
    const step: Step = { ack: label, placed: [] };
    for (const placement of placements) {
      const temp = placement.subject;
      const target = /, "([^"]*)"/.exec(placement.args)?.[1] ?? '';
      step.placed.push(`${placement.name} ${path.relative(dataDir, target)}`);
      const writes = calls.filter((call) => WRITES.has(call.name) && call.subject === temp);
      const lastWrite = writes.at(-1);
      if (lastWrite === undefined || lastWrite.end > placement.start) {
        problems.push(`${label}: ${target} was put in place before its data was written`);
        continue;
      }
      const synced = calls.some(
        (call) =>
          call.name === 'fsync' &&
          call.subject === temp &&
          call.start > lastWrite.end &&
          call.end < placement.start,
      );
      if (!synced) problems.push(`${label}: ${target} was put in place before its data was fsync'd`);
      const folderSynced = calls.some(
        (call) =>
          call.name === 'fsync' &&
          call.subject === path.dirname(target) &&
          call.start > placement.end &&
          call.end < ack.start,
      );
      if (!folderSynced)
        problems.push(`${label}: ${path.dirname(target)} was not fsync'd before the acknowledgement`);
      if (path.dirname(target) === path.join(dataDir, 'changes')) {
        for (const append of inStep.filter((call) => WRITES.has(call.name) && call.subject === journal)) {
          const journalSynced = calls.some(
            (call) =>
              call.name === 'fdatasync' &&
              call.subject === journal &&
              call.start > append.end &&
              call.end < placement.start,
          );
          if (!journalSynced)
            problems.push(`${label}: the journal line was not fdatasync'd before ${target} was put in place`);
          else step.placed.push('journal line fdatasync-ed first');
        }
      }
    }
    checkJournal(calls, inStep, ack, dataDir, step, problems, label);
    steps.push(step);
    from = ack.end;
  }
  return { problems, steps };
}

function checkJournal(
  calls: Call[],
  inStep: Call[],
  ack: Call,
  dataDir: string,
  step: Step,
  problems: string[],
  label: string,
): void {
  const folder = path.join(dataDir, 'journal');
  const appends = inStep.filter(
    (call) => WRITES.has(call.name) && path.dirname(call.subject) === folder && call.subject.endsWith('.wal'),
  );
  for (const segment of new Set(appends.map((call) => call.subject))) {
    const last = appends.filter((call) => call.subject === segment).at(-1)!;
    const synced = calls.some(
      (call) =>
        call.name === 'fdatasync' &&
        call.subject === segment &&
        call.start > last.end &&
        call.end < ack.start,
    );
    const folderSynced = calls.some(
      (call) => call.name === 'fsync' && call.subject === folder && call.end < ack.start,
    );
    if (!synced)
      problems.push(`${label}: the append to ${segment} was not fdatasync'd before the acknowledgement`);
    else if (!folderSynced) problems.push(`${label}: ${folder} was never fsync'd before the acknowledgement`);
    else step.placed.push('journal append fdatasync-ed');
  }
  const changes = path.join(dataDir, 'changes');
  for (const removal of inStep.filter(
    (call) =>
      call.name === 'unlink' && path.dirname(call.subject) === folder && call.subject.endsWith('.wal'),
  )) {
    const placed = inStep.filter(
      (call) => call.name === 'rename' && path.dirname(/, "([^"]*)"/.exec(call.args)?.[1] ?? '') === changes,
    );
    const lastPlaced = placed.at(-1);
    const writtenBack =
      lastPlaced !== undefined &&
      calls.some(
        (call) =>
          call.name === 'fsync' &&
          call.subject === changes &&
          call.start > lastPlaced.end &&
          call.end < removal.start,
      );
    if (!writtenBack)
      problems.push(`${label}: ${removal.subject} was deleted before its write-back was durable`);
    else step.placed.push(`removed ${path.relative(dataDir, removal.subject)} after the write-back`);
  }
}
