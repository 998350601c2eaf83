import { CHANGE_SCHEMA_VERSION } from '../domain/change';

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

/** Version 1 is the first one: no migrations yet. Append here, in order, with each bump. */
export const CHANGE_MIGRATIONS: readonly ChangeMigration[] = [];

export const CURRENT_CHANGE_SCHEMA: ChangeSchema = {
  version: CHANGE_SCHEMA_VERSION,
  migrations: CHANGE_MIGRATIONS,
};

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
