/*
 * Start-up over a long write-ahead journal, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/journalStartup.bench.ts [--changes 10000] [--segments 2]
 *   node -r ./test/store/support/registerTs.js bench/journalStartup.bench.ts [--changes 10000] --records 100000
 *
 * The real case (the default): a bot killed with two full segments (2 × 8 MB, the rotation size) not yet
 * written back, over 10,000 changes: the most a running bot leaves, since a write-back starts as soon as a
 * segment is sealed and deletes it once written. `--records` instead writes that many records whatever
 * their size (the worst case the journal format allows, never left by a running bot).
 *
 * Seeds `--changes` changes (one file each, the store's own create; `--active` of them, default 1,000, with
 * work left, the others completed), then appends `--records` updates to the
 * journal through the store, spread over the active changes (a press-like update: revision + 1 and a history line, 50 writers at once), with
 * write-backs off so that the whole journal is left for the start, as after a kill -9 at the worst moment
 * (a bot seals a segment every 8 MB and writes it back, so it never leaves this much). Then it times open()
 * of a fresh store on that folder (replay included; the write-back it starts runs after open() resolved) and
 * checks that every change is at its last version.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJsonStore } from '../src/store/jsonStore';
import { makeChange } from '../test/support/changeFactory';
import { sized } from './smoke';
import { DEFAULT_ROTATE_BYTES } from '../src/store/writeAheadJournal';

/** Prints the store's own start-up lines (journal replayed, store opened, with their counts and ms). */
const timing = {
  info: (details: object, message: string) => {
    if (/replayed the journal|change store opened/.test(message))
      console.log(`  ${message} ${JSON.stringify(details)}`);
  },
  warn: () => undefined,
  error: () => undefined,
};

async function sizeOf(folder: string): Promise<number> {
  let bytes = 0;
  for (const name of await fs.readdir(folder)) bytes += (await fs.stat(path.join(folder, name))).size;
  return bytes;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const changes = option('changes', sized(10_000, 20));
  const fixedRecords = process.argv.includes('--records') ? option('records', 0) : undefined;
  const segments = option('segments', 2);
  const active = option('active', sized(1_000, 5));
  /** Bytes the journal must reach: `segments` full segments (a smoke run: a few KB per segment). */
  const fullBytes = segments * sized(DEFAULT_ROTATE_BYTES, 16 * 1024);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-journal-bench-'));
  const at = new Date('2026-05-01T08:00:00.000Z');
  const seeding = createJsonStore({ dataDir, writeBack: false, clock: () => at });
  await seeding.open();
  let started = Date.now();
  const ids: string[] = [];
  for (let n = 0; n < changes; n++) {
    const start = new Date(Date.parse('2026-06-01T06:00:00.000Z') + (n % 500) * 86_400_000).toISOString();
    const end = new Date(Date.parse(start) + 4 * 3_600_000).toISOString();
    const stored = await seeding.create(2026, (id) =>
      // `--active` of them have work left (read at every start); the others are completed (listed only).
      makeChange({
        id,
        title: `Bench change ${n}`,
        window: { start, end },
        status: n < active ? 'approved' : 'completed',
      }),
    );
    ids.push(stored.change.id);
  }
  console.log(`seeded ${changes} changes in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  let next = 0;
  let journalSize = 0;
  const more = (n: number): boolean =>
    fixedRecords !== undefined ? n < fixedRecords : journalSize < fullBytes;
  const writer = async (): Promise<void> => {
    for (let n = next++; more(n); n = next++) {
      // Presses go to the changes that are under way: the active ones.
      const id = ids[n % active]!;
      await seeding.update(id, (change) => ({
        ...change,
        revision: change.revision + 1,
        history: [
          ...change.history,
          {
            at: at.toISOString(),
            by: 'system',
            event: 'bench',
            accepted: true,
            revision: change.revision + 1,
          },
        ] as typeof change.history,
      }));
      if (n % 500 === 0) journalSize = await sizeOf(path.join(dataDir, 'journal'));
    }
  };
  await Promise.all(Array.from({ length: 50 }, writer));
  const records = next - 50; // each writer took one number past the end
  await seeding.close();
  const journal = path.join(dataDir, 'journal');
  let bytes = 0;
  for (const name of await fs.readdir(journal)) bytes += (await fs.stat(path.join(journal, name))).size;
  console.log(
    `journal: ${records} records, ${(bytes / 2 ** 20).toFixed(1)} MB, written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const store = createJsonStore({ dataDir, writeBack: false, logger: timing });
    const begin = process.hrtime.bigint();
    await store.open();
    times.push(Number(process.hrtime.bigint() - begin) / 1e6);
    // Records went to the active ids round-robin: the first `records % active` got one more.
    const perChange = Math.floor(records / active);
    const sample = await store.get(ids[active - 1]!);
    if (sample?.version !== 1 + perChange) throw new Error(`replay gave version ${sample?.version}`);
    await store.close();
  }
  console.log(
    `open() with a ${records}-record journal over ${changes} changes (${active} active): ${times.map((t) => t.toFixed(0)).join(', ')} ms ` +
      `(load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
  // BENCH_KEEP=1 leaves the folder (its path is printed) to profile a start on it.
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${dataDir}`);
  else await fs.rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
