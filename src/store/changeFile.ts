import { promises as fs } from 'node:fs';
import type { Change } from '../domain/change';
import { isCode } from './durableFile';
import { CURRENT_CHANGE_SCHEMA, migrateChange, type ChangeSchema } from './migrations';
import { StoreCorruptError, type StoredChange } from './types';

/** Schema version of the envelope around a stored change; bump it with a migration when the shape changes. */
export const CHANGE_FILE_SCHEMA_VERSION = 1;

interface ChangeFile {
  schemaVersion: typeof CHANGE_FILE_SCHEMA_VERSION;
  version: number;
  change: Change;
}

export function encodeChangeFile(stored: StoredChange): string {
  const file: ChangeFile = {
    schemaVersion: CHANGE_FILE_SCHEMA_VERSION,
    version: stored.version,
    change: stored.change,
  };
  return JSON.stringify(file);
}

/** Reads one change file; undefined when there is none, StoreCorruptError when it cannot be trusted. */
export async function readChangeFile(
  file: string,
  id: string,
  schema: ChangeSchema = CURRENT_CHANGE_SCHEMA,
): Promise<StoredChange | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw new StoreCorruptError(
      file,
      `reading failed: ${(error as { code?: string }).code ?? String(error)}`,
    );
  }
  return decodeChangeFile(file, id, text, schema);
}

/** Decodes a change file, migrating an older change to `schema.version` (written back by its next write). */
export function decodeChangeFile(
  file: string,
  id: string,
  text: string,
  schema: ChangeSchema = CURRENT_CHANGE_SCHEMA,
): StoredChange {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreCorruptError(file, text.length === 0 ? 'the file is empty' : 'it is not valid JSON');
  }
  if (!isObject(parsed)) throw new StoreCorruptError(file, 'it does not hold a JSON object');
  if (parsed.schemaVersion !== CHANGE_FILE_SCHEMA_VERSION) {
    throw new StoreCorruptError(
      file,
      `unknown schema version ${JSON.stringify(parsed.schemaVersion)}; this bot reads version ` +
        `${CHANGE_FILE_SCHEMA_VERSION} (was it written by a newer version of the bot?)`,
    );
  }
  const { version, change: stored } = parsed;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StoreCorruptError(file, 'its version is missing or not a positive whole number');
  }
  if (!isObject(stored)) throw new StoreCorruptError(file, 'it holds no change');
  if (stored.id !== id) {
    throw new StoreCorruptError(file, `it holds change ${JSON.stringify(stored.id)} instead of ${id}`);
  }
  const migrated = migrateChange(stored, schema);
  if (!migrated.ok) throw new StoreCorruptError(file, migrated.problem);
  const change = migrated.change;
  const malformed = malformedField(change);
  if (malformed !== undefined)
    throw new StoreCorruptError(file, `the change's ${malformed} is missing or malformed`);
  return { version, change: change as unknown as Change };
}

/** The fields the store itself relies on (summary, index); the rest is the domain's business. */
function malformedField(change: Record<string, unknown>): string | undefined {
  for (const field of ['title', 'service', 'status'] as const) {
    if (typeof change[field] !== 'string') return field;
  }
  if (typeof change.revision !== 'number') return 'revision';
  const window = change.window;
  if (!isObject(window) || typeof window.start !== 'string' || typeof window.end !== 'string')
    return 'window';
  if (!isObject(change.implementer)) return 'implementer';
  if (!isObject(change.milestones)) return 'milestones';
  if (!Array.isArray(change.outbox)) return 'outbox';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
