/**
 * Readiness measures room, on a real small tmpfs: with 4 KB free every press is refused ("nothing was
 * saved"), and /readyz says so (503, dataDir failing, naming the free space and what the next writes need),
 * though a 50-byte probe still fits; once space is back it is 200 again by itself: degraded while the last
 * refused write is not yet followed by one that succeeds, ready after.
 */
import { truncateSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ReadinessReport } from '../../src/health/readiness';
import { createChange } from '../bot/support/flows';
import { implementer, START_TIME, startHarness, type Harness } from '../bot/support/harness';
import { mountSmallDisk, tmpfsAvailable, type SmallDisk } from '../support/tmpfs';

const suite = tmpfsAvailable() ? describe : describe.skip;

async function readyz(h: Harness, atMs: number): Promise<{ status: number; body: ReadinessReport }> {
  h.setNow(new Date(START_TIME.getTime() + atMs)); // past the 5 s cache of the last report
  const response = await fetch(`${h.baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadinessReport };
}

const dataDirCheck = (report: ReadinessReport) => report.checks.find((check) => check.name === 'dataDir');

suite('readiness on a nearly full disk', () => {
  let disk: SmallDisk;
  let h: Harness;

  beforeEach(async () => {
    disk = mountSmallDisk(2048);
    h = await startHarness({ dataDir: disk.dir });
  });

  afterEach(async () => {
    disk.free();
    await h.stop({ keepData: true });
    disk.unmount();
  });

  it('4 KB free: presses refused and /readyz 503 naming the room; 200 again by itself once space is back', async () => {
    // A description of 3,800 characters (and a long rollback plan): a record of about 6 KB, as the issue measured on real changes.
    const created = await createChange(h, {
      description: 'Upgrade the platform and its plugins. '.repeat(100),
    });
    // A clean restart empties the journal: every later write needs new space (a press that fits in the
    // journal's last page would be saved even on a full disk, and rightly so).
    await h.stop({ keepData: true });
    h = await startHarness({ dataDir: disk.dir });
    expect(dataDirCheck((await readyz(h, 0)).body)).toMatchObject({ state: 'ok' });

    disk.fill();
    const filler = path.join(disk.dir, 'filler');
    truncateSync(filler, statSync(filler).size - 4096); // 4 KB free: the probe fits, a change record does not

    const revision = (await h.change(created.id)).revision;
    const press = await h.press(implementer, 'prep.check', {
      changeId: created.id,
      revision,
      item: 'prepare',
    });
    // The press is answered with the card as it was and the refusal (the store remembers it for readiness).
    expect(JSON.stringify(press.body)).toContain('Nothing was saved');
    expect(h.store.writeFailure?.()).toMatchObject({ code: 'ENOSPC' });
    const full = await readyz(h, 6_000);
    expect(full.status).toBe(503);
    expect(full.body.failing).toEqual(['dataDir']);
    expect(dataDirCheck(full.body)?.detail).toMatch(
      /^DATA_DIR has \d KiB free, less than the \d+ KiB the next writes need/,
    );

    disk.free();
    const back = await readyz(h, 12_000);
    expect(back.status).toBe(200);
    expect(back.body.degraded).toEqual(['dataDir']);
    expect(dataDirCheck(back.body)?.detail).toMatch(/^The last write was refused \(ENOSPC/);

    const again = await h.press(implementer, 'prep.check', {
      changeId: created.id,
      revision,
      item: 'prepare',
    });
    expect(JSON.stringify(again.body)).not.toContain('Nothing was saved');
    expect(h.store.writeFailure?.()).toBeUndefined();
    expect((await readyz(h, 18_000)).body.status).toBe('ready');
  });
});
