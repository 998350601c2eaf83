/*
 * Start-up over a long write-ahead journal, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/journalStartup.bench.ts [--changes 10000] [--records 100000]
 *
 * Seeds `--changes` changes (one file each, the store's own create), then appends `--records` updates to the
 * journal through the store (a press-like update: revision + 1 and a history line, 50 writers at once), with
 * checkpoints off so that the whole journal is left for the start, as after a kill -9 at the worst moment
 * (a bot seals a segment every 8 MB and checkpoints it, so it never leaves this much). Then it times open()
 * of a fresh store on that folder (replay included; the checkpoint it starts runs after open() resolved) and
 * checks that every change is at its last version.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJsonStore } from '../src/store/jsonStore';
import { makeChange } from '../test/support/changeFactory';
import { sized } from './smoke';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const changes = option('changes', sized(10_000, 20));
  const records = option('records', sized(100_000, 200));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-journal-bench-'));
  const at = new Date('2026-05-01T08:00:00.000Z');
  const seeding = createJsonStore({ dataDir, checkpoints: false, clock: () => at });
  await seeding.open();
  let started = Date.now();
  const ids: string[] = [];
  for (let n = 0; n < changes; n++) {
    const start = new Date(Date.parse('2026-06-01T06:00:00.000Z') + (n % 500) * 86_400_000).toISOString();
    const end = new Date(Date.parse(start) + 4 * 3_600_000).toISOString();
    const stored = await seeding.create(2026, (id) =>
      makeChange({ id, title: `Bench change ${n}`, window: { start, end }, status: 'approved' }),
    );
    ids.push(stored.change.id);
  }
  console.log(`seeded ${changes} changes in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  started = Date.now();
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let n = next++; n < records; n = next++) {
      const id = ids[n % ids.length]!;
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
    }
  };
  await Promise.all(Array.from({ length: 50 }, writer));
  await seeding.close();
  const journal = path.join(dataDir, 'journal');
  let bytes = 0;
  for (const name of await fs.readdir(journal)) bytes += (await fs.stat(path.join(journal, name))).size;
  console.log(
    `journal: ${records} records, ${(bytes / 2 ** 20).toFixed(1)} MB, written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const store = createJsonStore({ dataDir, checkpoints: false });
    const begin = process.hrtime.bigint();
    await store.open();
    times.push(Number(process.hrtime.bigint() - begin) / 1e6);
    const perChange = Math.floor(records / changes);
    const sample = await store.get(ids[changes - 1]!);
    if (sample?.version !== 1 + perChange) throw new Error(`replay gave version ${sample?.version}`);
    await store.close();
  }
  console.log(
    `open() with a ${records}-record journal over ${changes} changes: ${times.map((t) => t.toFixed(0)).join(', ')} ms ` +
      `(load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
  await fs.rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
