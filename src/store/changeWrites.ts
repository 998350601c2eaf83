import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Change } from '../domain/change';
import type { ChangeIndex } from './changeIndex';
import { parseChangeId } from './changeIds';
import { createWithNextId } from './idAllocation';
import { encodeChangeFile, readChangeFile } from './changeFile';
import type { JournaledWrite } from './writeBack';
import { createFrom, writeTempFile, type LinkFile } from './durableFile';
import type { ActiveChangesList } from './activeChangesList';
import type { DurableFolder } from './durableFile';
import { KeyedMutex } from './keyedMutex';
import type { ChangeSchema } from './migrations';
import type { Quarantine } from './quarantine';
import { hasWorkLeft } from './summary';
import { StaleWriteError, StoreCorruptError, type StoredChange } from './types';
import type { WriteAheadJournal } from './writeAheadJournal';
import type { WriteOutcomes } from './writeOutcomes';
import type { RecordSizes } from './recordSizes';

/*
 * The writes of the JSON store (see jsonStore.ts): creation as a file of its own (link: ids never collide,
 * even across processes), every later version as a journal record, acknowledged once fdatasync'd.
 */

export interface WritesDeps {
  dataDir: string;
  index: ChangeIndex;
  quarantine: Quarantine;
  outcomes: WriteOutcomes;
  changeSchema: ChangeSchema;
  link?: LinkFile;
  logger: { warn(details: object, message: string): void };
  sizes: RecordSizes;
  opened: () => {
    journal: WriteAheadJournal;
    pending: Map<string, JournaledWrite>;
    activeList: ActiveChangesList;
    changes: DurableFolder;
  };
}

export function changePath(dataDir: string, id: string): string {
  return path.join(dataDir, 'changes', `${id}.json`);
}

export class ChangeWrites {
  /** Keys: a change id, `year:<year>` for id allocation. */
  private readonly locks = new KeyedMutex();

  constructor(private readonly deps: WritesDeps) {}

  create(year: number, build: (id: string) => Change): Promise<StoredChange> {
    return createWithNextId(
      {
        index: this.deps.index,
        locks: this.locks,
        createIfFree: (stored) => this.createFile(stored),
        taken: (id) =>
          this.deps.logger.warn(
            { changeId: id },
            'change id taken by another process; allocating the next one',
          ),
      },
      year,
      build,
    );
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.locks.run(change.id, async () => {
      if (parseChangeId(change.id) === undefined) {
        throw new Error(`Cannot save a change with the malformed id ${JSON.stringify(change.id)}.`);
      }
      const current = this.deps.index.version(change.id) ?? (await this.current(change.id))?.version;
      if (current === undefined)
        throw new Error(`Change ${change.id} is not stored; store it with create().`);
      if (current !== expectedVersion) throw new StaleWriteError(change.id, expectedVersion, current);
      return this.commit({ change, version: current + 1 });
    });
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.locks.run(id, async () => {
      if (parseChangeId(id) === undefined) return undefined;
      const current = await this.current(id);
      if (current === undefined) return undefined;
      const next = transform(current.change);
      if (next === undefined) return current;
      if (next.id !== id) throw new Error(`update() of ${id} returned change ${next.id}; ids never change.`);
      return this.commit({ change: next, version: current.version + 1 });
    });
  }

  /**
   * The acknowledged state of a change: the journal's when a write is not yet in the file, else the file
   * (the quarantine follows it: an operator may restore a file while we run). Fresh objects every time.
   */
  async current(id: string): Promise<StoredChange | undefined> {
    const journaled = this.deps.opened().pending.get(id);
    if (journaled !== undefined) {
      const { version, change } = JSON.parse(journaled.text) as StoredChange;
      return { version, change };
    }
    const file = changePath(this.deps.dataDir, id);
    try {
      const stored = await readChangeFile(file, id, this.deps.changeSchema);
      this.deps.quarantine.release(file);
      if (stored !== undefined) this.deps.index.noteVersion(id, stored.version);
      return stored;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.deps.quarantine.setAside(error, 'change', id);
      throw error;
    }
  }

  /** Appends the new version to the journal (the caller holds the change's lock); resolves once durable. */
  private async commit(stored: StoredChange): Promise<StoredChange> {
    const { journal, pending } = this.deps.opened();
    const id = stored.change.id;
    const text = encodeChangeFile(stored);
    this.deps.sizes.note(text);
    await this.deps.outcomes.writing(changePath(this.deps.dataDir, id), () =>
      journal.append(id, stored.version, text, stored.change),
    );
    pending.set(id, { stored, text });
    this.deps.index.remember(stored);
    return stored;
  }

  /**
   * Creates the file of a new change (the caller holds its lock) and indexes it. Returns false when the name
   * was taken (by another process).
   */
  private async createFile(stored: StoredChange): Promise<boolean> {
    const { activeList, changes } = this.deps.opened();
    const id = stored.change.id;
    const file = changePath(this.deps.dataDir, id);
    const text = encodeChangeFile(stored);
    this.deps.sizes.note(text);
    return this.deps.outcomes.writing(file, async () => {
      const [temp, listed] = await Promise.allSettled([
        writeTempFile(file, text),
        hasWorkLeft(stored.change) ? activeList.ensureListed(id) : Promise.resolve(),
      ]);
      if (temp.status === 'rejected') throw temp.reason;
      if (listed.status === 'rejected') {
        await fs.rm(temp.value, { force: true });
        throw listed.reason;
      }
      if (!(await createFrom(temp.value, file, this.deps.link))) return false;
      // From here the new file is what every reader sees: the index follows it even if the fsync below fails.
      this.deps.index.remember(stored);
      await changes.sync();
      return true;
    });
  }
}
