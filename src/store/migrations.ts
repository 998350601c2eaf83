import { CHANGE_SCHEMA_VERSION } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { copyOfService, serviceFacts } from '../domain/serviceFacts';

/*
 * Stored changes carry `change.schemaVersion`. When the shape of Change changes, CHANGE_SCHEMA_VERSION is
 * bumped and one migration is appended here: a pure function from a change of version n to one of version
 * n + 1. Files are migrated when read (start, get, update) and written back in the new version by their next
 * write; nothing rewrites the store in bulk, so going back to the previous bot works until a change is
 * written (then restore the backup taken before the upgrade, as README's upgrade steps say).
 */

/** A stored change as plain JSON: migrations must not rely on the current Change type. */
export type StoredJson = Record<string, unknown>;

/** Turns a change of version n into version n + 1 (and sets `schemaVersion` to n + 1). Pure. */
export type ChangeMigration = (change: StoredJson) => StoredJson;

export interface ChangeSchema {
  /** The version this bot writes. */
  version: number;
  /** migrations[i] migrates version i + 1 to i + 2; so there are version - 1 of them. */
  migrations: readonly ChangeMigration[];
}

/**
 * Version 1 -> 2: a change names its service and keeps a copy of it (`serviceAtCreation`, see ServiceCopy),
 * so that it keeps working when the service is renamed or removed from the process file. A version 1
 * change was made when the file had one service: the copy is of the service of that name, else of the
 * file's first service. Without a process (a store opened by a tool), only the version is bumped: such a
 * change is read through the process file by its service name.
 */
export function serviceCopyMigration(proc?: ProcessDefinition): ChangeMigration {
  return (change) => {
    const copy =
      proc && change.serviceAtCreation === undefined && typeof change.service === 'string'
        ? copyOfService(serviceFacts(proc, change.service))
        : undefined;
    return { ...change, schemaVersion: 2, ...(copy ? { serviceAtCreation: copy } : {}) };
  };
}

/** migrations[i] turns version i + 1 into i + 2. Append here, in order, with each bump. */
export const CHANGE_MIGRATIONS: readonly ChangeMigration[] = [serviceCopyMigration()];

export const CURRENT_CHANGE_SCHEMA: ChangeSchema = {
  version: CHANGE_SCHEMA_VERSION,
  migrations: CHANGE_MIGRATIONS,
};

/** The schema the bot reads with: the migrations that copy facts from the process file get it. */
export function changeSchemaFor(proc: ProcessDefinition): ChangeSchema {
  return { version: CHANGE_SCHEMA_VERSION, migrations: [serviceCopyMigration(proc)] };
}

export type Migrated = { ok: true; change: StoredJson } | { ok: false; problem: string };

/** Brings a stored change to `schema.version`, or says why it cannot (too new, no migration, a step failed). */
export function migrateChange(change: StoredJson, schema: ChangeSchema): Migrated {
  const from = change.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { ok: false, problem: `the change has no valid schema version (${JSON.stringify(from)})` };
  }
  if (from > schema.version) {
    return {
      ok: false,
      problem:
        `the change has schema version ${from}; this bot reads up to version ${schema.version} ` +
        `(was it written by a newer version of the bot?)`,
    };
  }
  if (schema.migrations.length !== schema.version - 1) {
    throw new Error(
      `Change schema version ${schema.version} needs ${schema.version - 1} migrations, ` +
        `not ${schema.migrations.length}: add the missing one to CHANGE_MIGRATIONS.`,
    );
  }
  let current = change;
  for (let version = from; version < schema.version; version += 1) {
    const step = schema.migrations[version - 1]!;
    try {
      current = step(current);
    } catch (error) {
      return {
        ok: false,
        problem: `migrating the change from schema version ${version} failed: ${String(error)}`,
      };
    }
    if (current.schemaVersion !== version + 1) {
      throw new Error(
        `The migration from change schema version ${version} did not set schemaVersion ${version + 1}.`,
      );
    }
  }
  return { ok: true, change: current };
}
