/*
 * Growth under repeated presses, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/toggles.bench.ts [--toggles 1500]
 *
 * One change on the JSON store (on os.tmpdir()), its implementer ticking and unticking the same preparation
 * item `--toggles` times through the bot's own use case (lifecycle.act: decide() then the store's durable
 * write), one press after the other. Write-backs are off, so that every byte the presses appended to the
 * journal (each fdatasync'd) is still there to count. Prints the journal bytes in all and per toggle (first
 * and last hundred, to show whether they grow), the change's history lines and file size, and the time.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLifecycle } from '../src/app/lifecycle';
import type { Logger } from '../src/app/ports';
import { encodeChangeFile } from '../src/store/changeFile';
import { createJsonStore } from '../src/store/jsonStore';
import { makeChange } from '../test/support/changeFactory';
import { testProcess } from '../test/domain/support';
import { sized } from './smoke';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const silent: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

async function journalBytes(dataDir: string): Promise<number> {
  const folder = path.join(dataDir, 'journal');
  let bytes = 0;
  for (const name of await fs.readdir(folder)) bytes += (await fs.stat(path.join(folder, name))).size;
  return bytes;
}

async function main(): Promise<void> {
  const toggles = option('toggles', sized(1_500, 40));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-toggles-bench-'));
  const now = new Date('2026-05-01T08:00:00.000Z');
  const store = createJsonStore({ dataDir, writeBack: false, clock: () => now });
  await store.open();
  const proc = testProcess();
  const { change } = await store.create(2026, (id) =>
    makeChange({
      id,
      status: 'planned',
      preparation: [{ id: 'prepare', label: 'Prepared all I can', checked: false }],
    }),
  );
  const lifecycle = createLifecycle({ store, process: proc, clock: () => now, logger: silent });
  const implementer = change.implementer;
  const perToggle: number[] = [];
  let before = await journalBytes(dataDir);
  const started = process.hrtime.bigint();
  for (let n = 0; n < toggles; n += 1) {
    const result = await lifecycle.act(change.id, {
      event: { type: 'prep.check', item: 'prepare', checked: n % 2 === 0 },
      by: implementer,
      source: 'preparation',
    });
    if (!('decision' in result) || !result.decision.accepted) throw new Error(`toggle ${n} was not accepted`);
    const after = await journalBytes(dataDir);
    perToggle.push(after - before);
    before = after;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stored = (await store.get(change.id))!;
  const total = perToggle.reduce((a, b) => a + b, 0);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  console.log(
    `${toggles} toggles: journal ${(total / 1024).toFixed(0)} KiB written (${total} bytes), ` +
      `${mean(perToggle).toFixed(0)} bytes per toggle on average; first 100: ${mean(perToggle.slice(0, 100)).toFixed(0)}, ` +
      `last 100: ${mean(perToggle.slice(-100)).toFixed(0)} bytes per toggle`,
  );
  console.log(
    `change: revision ${stored.change.revision}, ${stored.change.history.length} history lines, ` +
      `${Buffer.byteLength(encodeChangeFile(stored))} bytes as a file`,
  );
  console.log(
    `time: ${(ms / 1000).toFixed(2)} s in all, ${(ms / toggles).toFixed(2)} ms per toggle ` +
      `(load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
  await store.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
