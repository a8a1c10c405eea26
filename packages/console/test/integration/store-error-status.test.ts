import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type SpanRow, type Store } from '../../src/server/store/index.js';
import { tracesRequest } from './browser/otlp-json.js';
import { tempDir } from './disk.js';

const MINUTE_NS = 60_000_000_000n;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A failed span with one exception event of `fingerprint`, at `timeNs`. */
function failedSpan(fingerprint: string, timeNs: bigint, n: number): SpanRow {
  return {
    traceId: n.toString(16).padStart(32, '0'),
    spanId: n.toString(16).padStart(16, '0'),
    name: 'GET /orders/:id',
    kind: 2,
    startTimeUnixNano: timeNs - 1_000n,
    endTimeUnixNano: timeNs + 1_000n,
    statusCode: 2,
    serviceName: 'orders-api',
    events: [
      {
        name: 'exception',
        timeUnixNano: timeNs,
        attributes: {
          'exception.type': 'TypeError',
          'exception.message': `boom ${fingerprint}`,
          'sightline.error.fingerprint': fingerprint,
        },
      },
    ],
  };
}

async function ingest(store: Store, spans: SpanRow[]): Promise<void> {
  await store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
}

async function statuses(store: Store, status?: Parameters<Store['errorGroups']>[0]['status']): Promise<Record<string, string>> {
  const groups = await store.errorGroups({ ...(status === undefined ? {} : { status }), limit: 100 });
  return Object.fromEntries(groups.map((group) => [group.fingerprint, group.status]));
}

describe('error group status', () => {
  it('resolves, ignores and reopens groups; a resolved group seen again after the resolve is regressed', async () => {
    let nowMs = Date.now();
    const store = await openStore({ memory: true, clock: () => nowMs });
    cleanups.push(() => store.close());
    const base = BigInt(nowMs) * 1_000_000n - 10n * MINUTE_NS;
    await ingest(store, [failedSpan('aaaa', base, 1), failedSpan('bbbb', base, 2), failedSpan('cccc', base, 3)]);
    expect(await statuses(store)).toEqual({ aaaa: 'unresolved', bbbb: 'unresolved', cccc: 'unresolved' });
    const [untouched] = await store.errorGroups({ fingerprint: 'aaaa', limit: 1 });
    expect(untouched?.statusChangedMs).toBeNull();

    await store.setErrorGroupStatus('aaaa', 'resolved');
    await store.setErrorGroupStatus('bbbb', 'ignored');
    expect(await statuses(store)).toEqual({ aaaa: 'resolved', bbbb: 'ignored', cccc: 'unresolved' });
    const [resolved] = await store.errorGroups({ fingerprint: 'aaaa', limit: 1 });
    expect(resolved?.statusChangedMs).toBe(nowMs);

    // A late export of an occurrence from before the resolve does not reopen it.
    await ingest(store, [failedSpan('aaaa', base + MINUTE_NS, 4)]);
    expect((await statuses(store)).aaaa).toBe('resolved');

    // One after the resolve does; an ignored group stays ignored whatever comes.
    nowMs += 60_000;
    const after = BigInt(nowMs) * 1_000_000n;
    await ingest(store, [failedSpan('aaaa', after, 5), failedSpan('bbbb', after, 6)]);
    expect(await statuses(store)).toEqual({ aaaa: 'regressed', bbbb: 'ignored', cccc: 'unresolved' });

    // The filters: unresolved takes the regressed ones too.
    expect(await statuses(store, 'unresolved')).toEqual({ aaaa: 'regressed', cccc: 'unresolved' });
    expect(await statuses(store, 'regressed')).toEqual({ aaaa: 'regressed' });
    expect(await statuses(store, 'ignored')).toEqual({ bbbb: 'ignored' });
    expect(await statuses(store, 'resolved')).toEqual({});

    // Resolving again covers the new occurrence; reopening drops the resolve.
    nowMs += 60_000;
    await store.setErrorGroupStatus('aaaa', 'resolved');
    expect((await statuses(store)).aaaa).toBe('resolved');
    await store.setErrorGroupStatus('aaaa', 'unresolved');
    await store.setErrorGroupStatus('bbbb', 'unresolved');
    expect(await statuses(store)).toEqual({ aaaa: 'unresolved', bbbb: 'unresolved', cccc: 'unresolved' });
  });

  it('keeps a status across a restart, in the main database (retention never drops it)', async () => {
    const { dir, remove } = tempDir('error-status');
    cleanups.push(remove);
    const path = `${dir}/console.duckdb`;
    const first = await openStore({ path });
    await ingest(first, [failedSpan('dddd', BigInt(Date.now() - 60_000) * 1_000_000n, 7)]);
    await first.setErrorGroupStatus('dddd', 'ignored');
    await first.close();
    const second = await openStore({ path });
    cleanups.push(() => second.close());
    expect(await statuses(second)).toEqual({ dddd: 'ignored' });
  });
});

describe('error group versions', () => {
  it("names the service.version of a group's first and latest occurrence, every version it was seen in, and each occurrence's", async () => {
    const store = await openStore({ memory: true });
    cleanups.push(() => store.close());
    const base = BigInt(Date.now()) * 1_000_000n - 10n * MINUTE_NS;
    const inVersion = (version: string | undefined, timeNs: bigint, n: number) =>
      ingest(store, [
        { ...failedSpan('vvvv', timeNs, n), ...(version === undefined ? {} : { resourceAttributes: { 'service.version': version } }) },
      ]);
    await inVersion('1.4.2', base, 11);
    await inVersion(undefined, base + MINUTE_NS, 12);
    await inVersion('1.10.0', base + 2n * MINUTE_NS, 13);
    await inVersion('1.4.2', base + 3n * MINUTE_NS, 14);
    const [group] = await store.errorGroups({ fingerprint: 'vvvv', limit: 1 });
    expect(group).toMatchObject({ firstVersion: '1.4.2', lastVersion: '1.4.2', versions: ['1.10.0', '1.4.2'], count: 4 });
    const occurrences = await store.errorOccurrences({ fingerprint: 'vvvv', limit: 10 });
    expect(occurrences.map((occurrence) => occurrence.serviceVersion)).toEqual(['1.4.2', '1.10.0', null, '1.4.2']);
    // A group no occurrence of which named its version.
    await ingest(store, [failedSpan('nover', base, 15)]);
    const [bare] = await store.errorGroups({ fingerprint: 'nover', limit: 1 });
    expect(bare).toMatchObject({ firstVersion: null, lastVersion: null, versions: [] });
  });
});

describe('error group order', () => {
  it('lists the most frequent first by default, or the most recently seen, or the newest groups first', async () => {
    const store = await openStore({ memory: true });
    cleanups.push(() => store.close());
    const base = BigInt(Date.now()) * 1_000_000n - 30n * MINUTE_NS;
    // old: 3 occurrences long ago; fresh: 1, first seen last; busy: 2, seen most recently.
    await ingest(store, [
      failedSpan('old', base, 21),
      failedSpan('old', base + MINUTE_NS, 22),
      failedSpan('old', base + 2n * MINUTE_NS, 23),
    ]);
    await ingest(store, [failedSpan('busy', base + 5n * MINUTE_NS, 24), failedSpan('busy', base + 20n * MINUTE_NS, 25)]);
    await ingest(store, [failedSpan('fresh', base + 10n * MINUTE_NS, 26)]);
    const order = async (sort?: 'count' | 'lastSeen' | 'firstSeen') =>
      (await store.errorGroups({ ...(sort === undefined ? {} : { sort }), limit: 10 })).map((group) => group.fingerprint);
    expect(await order()).toEqual(['old', 'busy', 'fresh']);
    expect(await order('count')).toEqual(['old', 'busy', 'fresh']);
    expect(await order('lastSeen')).toEqual(['busy', 'fresh', 'old']);
    expect(await order('firstSeen')).toEqual(['fresh', 'busy', 'old']);
    // The limit applies after the order: the most recently seen one, not the most frequent.
    expect((await store.errorGroups({ sort: 'lastSeen', limit: 1 })).map((group) => group.fingerprint)).toEqual(['busy']);
  });
});
