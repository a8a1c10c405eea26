import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/store/index.js';
import { tempDir } from './disk.js';

const DAY = 86_400_000;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const ALERT = JSON.stringify([
  ['alertname', 'SightlineErrorNew'],
  ['fingerprint', 'f00d'],
]);

describe('incidents in the store', () => {
  it('declares, changes and resolves an incident, each change on its timeline; kept across a restart and past retention', async () => {
    const { dir, remove } = tempDir('incidents');
    cleanups.push(remove);
    let nowMs = Date.UTC(2026, 11, 4, 12);
    const open = (): Promise<Store> => openStore({ path: `${dir}/console.duckdb`, retention: '1d', clock: () => nowMs });
    const first = await open();
    const id = await first.declareIncident({
      title: 'Checkout failing',
      severity: 'sev2',
      summary: '',
      createdBy: 'on-call',
      alertKeys: [ALERT, ALERT],
    });
    expect(id).toBe(1);
    nowMs += 60_000;
    expect(
      await first.changeIncident(id, { author: 'on-call', status: 'identified', severity: 'sev1', note: 'card processor is down' }),
    ).toBe(true);
    nowMs += 60_000;
    expect(
      await first.changeIncident(id, {
        author: 'lead',
        status: 'resolved',
        summary: 'Payments failed for 2 minutes.',
        link: { url: '/traces/4bf92f3577b34da6a3ce929d0e0e4736', text: 'a failed checkout' },
        alertKeys: [ALERT, 'other'],
      }),
    ).toBe(true);
    // A change that changes nothing writes nothing.
    expect(await first.changeIncident(id, { author: 'lead', status: 'resolved' })).toBe(true);
    expect(await first.changeIncident(99, { author: 'lead', note: 'x' })).toBe(false);
    expect(await first.declareIncident({ title: 'Second', severity: 'sev3', summary: 's', createdBy: 'x', alertKeys: [] })).toBe(2);
    await first.close();

    nowMs += 3 * DAY;
    const second = await open();
    cleanups.push(() => second.close());
    await second.runRetention();
    expect((await second.incidents({})).map((incident) => incident.id)).toEqual([2, 1]);
    expect((await second.incidents({ state: 'open' })).map((incident) => incident.id)).toEqual([2]);
    expect((await second.incidents({ state: 'resolved', limit: 1 })).map((incident) => incident.id)).toEqual([1]);
    const detail = await second.incident(id);
    const start = Date.UTC(2026, 11, 4, 12);
    expect(detail?.incident).toEqual({
      id: 1,
      title: 'Checkout failing',
      severity: 'sev1',
      status: 'resolved',
      summary: 'Payments failed for 2 minutes.',
      createdBy: 'on-call',
      createdMs: start,
      updatedMs: start + 120_000,
      resolvedMs: start + 120_000,
      alertKeys: [ALERT, 'other'],
    });
    expect(detail?.events.map(({ atMs, kind, author, text, ref }) => [atMs - start, kind, author, text, ref])).toEqual([
      [0, 'declared', 'on-call', 'declared SEV2: Checkout failing', null],
      [0, 'alert', 'on-call', 'attached an alert', ALERT],
      [60_000, 'severity', 'on-call', 'SEV2 → SEV1', null],
      [60_000, 'status', 'on-call', 'investigating → identified', null],
      [60_000, 'note', 'on-call', 'card processor is down', null],
      [120_000, 'status', 'lead', 'identified → resolved', null],
      [120_000, 'summary', 'lead', 'updated the summary', null],
      [120_000, 'alert', 'lead', 'attached an alert', 'other'],
      [120_000, 'link', 'lead', 'a failed checkout', '/traces/4bf92f3577b34da6a3ce929d0e0e4736'],
    ]);
    expect(await second.incident(99)).toBeNull();
    // Reopened: no longer resolved.
    await second.changeIncident(id, { author: 'lead', status: 'monitoring' });
    expect((await second.incident(id))?.incident.resolvedMs).toBeNull();
  });

  it('gives incidents declared at once each their own id', async () => {
    const store = await openStore({ memory: true });
    cleanups.push(() => store.close());
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.declareIncident({ title: `t${i}`, severity: 'sev3', summary: '', createdBy: 'x', alertKeys: [] }),
      ),
    );
    expect(new Set(ids).size).toBe(8);
    expect((await store.incidents({})).length).toBe(8);
    // Eight people changing one incident at once: every change lands, none is lost to another.
    const id = ids[0]!;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.changeIncident(id, { author: `p${i}`, note: `note ${i}`, summary: `s${i}` })),
    );
    const detail = await store.incident(id);
    expect(
      detail?.events
        .filter((event) => event.kind === 'note')
        .map((event) => event.text)
        .sort(),
    ).toEqual(Array.from({ length: 8 }, (_, i) => `note ${i}`));
  });
});
