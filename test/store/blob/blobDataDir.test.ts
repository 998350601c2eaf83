/**
 * Blob mode makes its DATA_DIR: two real bot processes on one Azurite container, started with a DATA_DIR
 * that does not exist yet (the .eml outbox and the readiness probe live there), both become ready. A
 * DATA_DIR that cannot be made stops the start with one line and exit code 2, instead of a bot that says
 * "ready" and then fails every readiness probe.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTestProcessFile } from '../../bot/support/harness';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';
import { spawnBot, stopBot, untilListening, untilReady, type BotProcess } from '../../support/botProcess';

describe('STORE=blob with a DATA_DIR not yet made', () => {
  let azurite: Azurite;
  let dir: string;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
  });

  afterAll(async () => {
    await azurite.stop();
  });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'blob-data-dir-'));
    env = {
      STORE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: freshContainerName('datadir'),
      PROCESS_FILE: await writeTestProcessFile(dir),
    };
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await stopBot(bot);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('two instances on one container, each with a DATA_DIR not yet made, both become ready', async () => {
    const shared = path.join(dir, 'not', 'yet', 'made');
    const own = path.join(dir, 'second', 'data');
    const first = await spawnBot({ ...env, DATA_DIR: shared });
    const second = await spawnBot({ ...env, DATA_DIR: own });
    // A third shares the first one's folder: in blob mode the folder only holds the outbox and the probe.
    const third = await spawnBot({ ...env, DATA_DIR: shared });
    bots.push(first, second, third);
    for (const bot of [first, second, third]) {
      await untilListening(bot);
      expect(JSON.parse(await untilReady(bot))).toMatchObject({
        checks: expect.arrayContaining([expect.objectContaining({ name: 'dataDir', state: 'ok' })]),
      });
    }
    for (const folder of [shared, own]) expect((await fs.stat(folder)).isDirectory()).toBe(true);
  });

  it('a DATA_DIR that cannot be made: one line naming it, exit code 2', async () => {
    const file = path.join(dir, 'a-file');
    await fs.writeFile(file, 'not a folder');
    const bot = await spawnBot({ ...env, DATA_DIR: path.join(file, 'data') });
    bots.push(bot);
    expect(await bot.exited).toBe(2);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^DATA_DIR .*a-file\/data cannot be used: the folder cannot be created \(ENOTDIR\); .*point DATA_DIR to a folder/,
    );
  });
});
