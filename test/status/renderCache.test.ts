/** The shared renderings of the public pages: when a reader gets the kept one, a stale one, or waits. */
import type { PublicStatus } from '../../src/domain/publicStatus';
import { createRenderCache } from '../../src/status/renderCache';

const EMPTY: PublicStatus = { services: [], events: [] };

function setup(options: { staleForMs?: number } = {}) {
  let now = Date.parse('2027-06-19T10:00:00Z');
  let writes = 0;
  let reads = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const cache = createRenderCache({
    read: async () => {
      reads += 1;
      const version = reads;
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return {
        ...EMPTY,
        services: [{ name: `v${version}`, state: 'operational', current: [], upcoming: [], history: [] }],
      };
    },
    clock: () => new Date(now),
    writes: () => writes,
    ...options,
  });
  const render = async () =>
    (
      await cache.rendering('page', (status) => ({ type: 'text/plain', body: status.services[0]!.name }))
    ).body.toString();
  return {
    render,
    reads: () => reads,
    write: () => (writes += 1),
    advance: (ms: number) => (now += ms),
    hold: (on: boolean) => (hold = on),
    release: () => release?.(),
  };
}

test('readers share one build; a write, a minute or a clock set back rebuild it', async () => {
  const s = setup();
  expect(await Promise.all([s.render(), s.render(), s.render()])).toEqual(['v1', 'v1', 'v1']);
  expect(s.reads()).toBe(1);
  s.advance(30_000);
  expect(await s.render()).toBe('v1');
  s.write();
  expect(await s.render()).toBe('v2');
  s.advance(60_000);
  expect(await s.render()).toBe('v3');
  s.advance(-5_000); // the clock went back: what was built "later" is not trusted
  expect(await s.render()).toBe('v4');
});

test('while a rebuild after a write runs, readers get the previous rendering; then the new one', async () => {
  const s = setup({ staleForMs: 300_000 });
  expect(await s.render()).toBe('v1');
  s.write();
  s.hold(true);
  expect(await s.render()).toBe('v1'); // the rebuild started and is held: nobody waits for it
  expect(await s.render()).toBe('v1');
  expect(s.reads()).toBe(2); // one rebuild only
  s.hold(false);
  s.release();
  await new Promise((resolve) => setImmediate(resolve));
  expect(await s.render()).toBe('v2');
});

test('a view older than staleForMs is never served: the reader waits for the rebuild', async () => {
  const s = setup({ staleForMs: 90_000 });
  expect(await s.render()).toBe('v1');
  s.advance(120_000);
  expect(await s.render()).toBe('v2');
});
