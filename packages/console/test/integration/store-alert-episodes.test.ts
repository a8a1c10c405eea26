import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/store/index.js';
import { tempDir } from './disk.js';

const DAY = 86_400_000;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const episode = (name: string, startMs: number) => ({
  key: JSON.stringify([['alertname', name]]),
  alertname: name,
  summary: `${name} fired`,
  labels: { service: 'orders-api' },
  path: '/slos/orders-api-availability',
  startMs,
});

describe('the alert history in the store', () => {
  it('opens and closes episodes, newest first, keeps them across a restart, and drops ended ones past retention', async () => {
    const { dir, remove } = tempDir('episodes');
    cleanups.push(remove);
    let nowMs = Date.now();
    const open = (): Promise<Store> => openStore({ path: `${dir}/console.duckdb`, retention: '7d', clock: () => nowMs });
    const first = await open();
    await first.recordAlertEpisodes({ started: [episode('Old', nowMs - 1_000), episode('Ongoing', nowMs)], ended: [] });
    await first.recordAlertEpisodes({ started: [], ended: [{ key: episode('Old', 0).key, endMs: nowMs + 500 }] });
    expect((await first.alertEpisodes({})).map((e) => [e.alertname, e.endMs])).toEqual([
      ['Ongoing', null],
      ['Old', nowMs + 500],
    ]);
    expect((await first.alertEpisodes({ open: true })).map((e) => e.alertname)).toEqual(['Ongoing']);
    expect((await first.alertEpisodes({ keys: [episode('Old', 0).key, 'none'] })).map((e) => e.alertname)).toEqual(['Old']);
    expect(await first.alertEpisodes({ keys: [] })).toEqual([]);
    expect((await first.alertEpisodes({ limit: 1 }))[0]).toEqual({ ...episode('Ongoing', nowMs), endMs: null });
    await first.close();

    const second = await open();
    cleanups.push(() => second.close());
    expect((await second.alertEpisodes({})).map((e) => e.alertname)).toEqual(['Ongoing', 'Old']);
    // Eight days on, the next change drops the episode that ended more than the retention ago; the open one stays.
    nowMs += 8 * DAY;
    await second.recordAlertEpisodes({ started: [episode('Later', nowMs)], ended: [] });
    expect((await second.alertEpisodes({})).map((e) => e.alertname)).toEqual(['Later', 'Ongoing']);
  });
});
