import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Change, OutboxEntry } from '../../../src/domain/change';
import { createJsonStore, type JsonStoreOptions, type StoreLogger } from '../../../src/store/jsonStore';
import type { ChangeStore } from '../../../src/store/types';
import { makeChange } from '../../support/changeFactory';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

/** A logger that keeps what it is told, to check that the store reported what it repaired. */
export function recordingLogger(): StoreLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (details: object, message: string): void => {
      lines.push({ level, details, message });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'change-store-'));
}

export async function openStore(
  dataDir: string,
  options: Omit<JsonStoreOptions, 'dataDir'> = {},
): Promise<ChangeStore> {
  const store = createJsonStore({ dataDir, ...options });
  await store.open();
  return store;
}

/** A `build` callback for create(): a valid change with the allocated id and the given fields. */
export function building(overrides: Partial<Change> = {}): (id: string) => Change {
  return (id) => makeChange({ ...overrides, id });
}

export function pendingNotice(createdAt: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    key: `2:end:thread`,
    effect: { notice: 'end', to: { kind: 'thread' } },
    revision: 2,
    state: 'pending',
    attempts: 0,
    createdAt,
    ...overrides,
  };
}

export function changeFile(dataDir: string, id: string): string {
  return path.join(dataDir, 'changes', `${id}.json`);
}

export const journalFile = (dataDir: string): string => path.join(dataDir, 'active-changes.jsonl');
