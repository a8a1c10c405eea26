import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store, StoreOverloadedError, StoreWriteError } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const CRASH_CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fileStore(options: Parameters<typeof openStore>[0] = {}): Promise<Store> {
  const { dir, remove } = tempDir('commit');
  const store = await openStore({ path: `${dir}/console.duckdb`, ...options });
  cleanups.push(remove, () => store.close());
  return store;
}

describe('group commit', () => {
  it('resolves an append only once its rows are committed and readable', async () => {
    const store = await fileStore({ commitIntervalMs: 50 });
    const spans = generateSpans(10, { startNs: NOW_NS, seed: 11 });
    const before = await store.stats();
    await store.appendSpans(spans);
    const after = await store.stats();
    expect(before.rows.spans).toBe(0);
    expect(after.rows.spans).toBe(spans.length);
    expect(after.commits).toBe(before.commits + 1);
    expect(await store.trace(traceIdOf(11, 3))).toHaveLength(5);
  });

  it('gathers many concurrent appends into a few transactions (default settings)', async () => {
    const store = await fileStore();
    const batches = Array.from({ length: 100 }, (_, i) => generateSpans(4, { startNs: NOW_NS, seed: 100 + i }));
    const before = (await store.stats()).commits;
    await Promise.all(batches.map((batch) => store.appendSpans(batch)));
    const stats = await store.stats();
    expect(stats.rows.spans).toBe(100 * 4 * 5);
    // One transaction per append would be 100 commits; a group commit takes a handful.
    expect(stats.commits - before).toBeLessThanOrEqual(5);
    expect(stats.commits - before).toBeGreaterThanOrEqual(1);
  });

  it('makes log lines visible in cursor order while appends gather during commits: a live tail misses none and sees none twice', async () => {
    const store = await fileStore();
    const waves = 30;
    const perAppend = 40;
    const seen = new Set<string>();
    let cursor: bigint | undefined;
    let duplicates = 0;
    const tail = async (): Promise<void> => {
      const lines = await store.logs({ afterCursor: cursor ?? 0n, limit: 1000 });
      for (const line of lines) {
        if (seen.has(line.body as string)) duplicates++;
        seen.add(line.body as string);
        cursor = line.cursor;
      }
    };
    let appending = true;
    const tailing = (async () => {
      while (appending) await tail();
    })();
    for (let wave = 0; wave < waves; wave++) {
      // Several appends in flight at once: some gather while the transaction before them commits.
      await Promise.all(
        Array.from({ length: 4 }, (_, a) =>
          store.appendLogs(
            Array.from({ length: perAppend }, (_, i) => ({
              timeUnixNano: NOW_NS + BigInt(i),
              severityNumber: 9,
              body: `w${wave} a${a} l${i}`,
              serviceName: 'orders-api',
            })),
          ),
        ),
      );
    }
    appending = false;
    await tailing;
    await tail();
    expect(duplicates).toBe(0);
    expect(seen.size).toBe(waves * 4 * perAppend);
  });

  it('commits as soon as commitMaxRows rows are gathered', async () => {
    const store = await fileStore({ commitIntervalMs: 1000, commitMaxRows: 500 });
    const spans = generateSpans(100, { startNs: NOW_NS, seed: 12 });
    // 500 rows reach the row bound: no 1 s wait, and exactly one commit.
    const started = (await store.stats()).commits;
    await store.appendSpans(spans);
    expect((await store.stats()).commits).toBe(started + 1);
  });
});

describe('closing with OTLP bodies still to decode', () => {
  it('decodes and commits every body received before close: each ingest resolves, and its spans are there after reopening', async () => {
    const { dir, remove } = tempDir('close-drain');
    cleanups.push(remove);
    const path = `${dir}/console.duckdb`;
    const store = await openStore({ path });
    const body = (i: number) =>
      new TextEncoder().encode(
        JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'closing' } }] },
              scopeSpans: [
                {
                  spans: Array.from({ length: 50 }, (_, s) => ({
                    traceId: (i + 1).toString(16).padStart(32, '0'),
                    spanId: (s + 1).toString(16).padStart(16, '0'),
                    name: 'work',
                    kind: 1,
                    startTimeUnixNano: String(NOW_NS + BigInt(s)),
                    endTimeUnixNano: String(NOW_NS + BigInt(s) + 1000n),
                  })),
                },
              ],
            },
          ],
        }),
      );
    // Sent together, so most are still queued for decoding when close arrives right behind them.
    const ingests = Array.from({ length: 40 }, (_, i) => store.ingestOtlp('traces', 'json', body(i)));
    const closed = store.close();
    await Promise.all(ingests);
    await closed;
    const reopened = await openStore({ path });
    cleanups.push(() => reopened.close());
    expect((await reopened.stats()).rows.spans).toBe(40 * 50);
  });
});

describe('an OTLP body given away', () => {
  const tracesBody = (spans: number) =>
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'moved' } }] },
          scopeSpans: [
            {
              spans: Array.from({ length: spans }, (_, s) => ({
                traceId: 'ab'.repeat(16),
                spanId: (s + 1).toString(16).padStart(16, '0'),
                name: 'work',
                startTimeUnixNano: String(NOW_NS + BigInt(s)),
                endTimeUnixNano: String(NOW_NS + BigInt(s) + 1000n),
              })),
            },
          ],
        },
      ],
    });

  it('moves a body that is the whole of its buffer to the worker (the caller keeps an empty view), and copies any other', async () => {
    const store = await fileStore();
    const whole = Buffer.allocUnsafeSlow(Buffer.byteLength(tracesBody(3)));
    whole.write(tracesBody(3));
    const moving = store.ingestOtlp('traces', 'json', whole, { transfer: true });
    expect(whole.byteLength).toBe(0);
    await moving;

    // A small Buffer.from() is a view into Node's shared pool: moving its buffer would take the pool.
    const pooled = Buffer.from(tracesBody(1));
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    const poolText = pooled.toString();
    await store.ingestOtlp('traces', 'json', pooled, { transfer: true });
    expect(pooled.toString()).toBe(poolText);

    // Without transfer the caller's body stays whole, whole buffer or not.
    const kept = Buffer.allocUnsafeSlow(Buffer.byteLength(tracesBody(2)));
    kept.write(tracesBody(2));
    await store.ingestOtlp('traces', 'json', kept);
    expect(kept.toString()).toBe(tracesBody(2));
    expect((await store.stats()).rows.spans).toBe(3 + 1 + 2);
  });
});

describe('a failing append', () => {
  it('fails alone with StoreWriteError: the other appends of its group commit are stored, none of its rows are', async () => {
    const store = await fileStore({ commitIntervalMs: 50 });
    const good = generateSpans(10, { startNs: NOW_NS, seed: 16 });
    const bad = generateSpans(10, { startNs: NOW_NS, seed: 17 });
    bad[7]!.kind = 300 as never; // not a UTINYINT: the appender throws on it
    const outcomes = await Promise.allSettled([store.appendSpans(good), store.appendSpans(bad), store.appendSpans(good)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const reason = (outcomes[1] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(StoreWriteError);
    expect(reason.code).toBe('SL_STORE_WRITE_FAILED');
    expect((await store.stats()).rows.spans).toBe(2 * good.length);
    expect(await store.trace(traceIdOf(17, 0))).toEqual([]);
  });
});

describe('back-pressure', () => {
  it('rejects at once with StoreOverloadedError when the queue is full and stores exactly what it accepted', async () => {
    const store = await fileStore({ maxQueuedRows: 2_000, commitIntervalMs: 50 });
    const batch = generateSpans(100, { startNs: NOW_NS, seed: 13 }); // 500 rows
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => store.appendSpans(batch)));
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(accepted).toBe(4);
    expect(rejected).toHaveLength(36);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(StoreOverloadedError);
      expect(error.code).toBe('SL_STORE_OVERLOADED');
    }
    expect((await store.stats()).rows.spans).toBe(accepted * batch.length);
    // Once drained, the queue accepts again.
    await store.appendSpans(batch);
  });

  it('keeps memory flat under sustained overload: the queue never holds more than its bound', async () => {
    const store = await fileStore({ maxQueuedRows: 2_000, commitIntervalMs: 25 });
    const batch = generateSpans(100, { startNs: NOW_NS, seed: 18 });
    const heapAfterGc = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    };
    setFlagsFromString('--expose-gc');
    (globalThis as { gc?: () => void }).gc = runInNewContext('gc') as () => void;
    let accepted = 0;
    const round = async () => {
      const settled = Promise.allSettled(Array.from({ length: 200 }, () => store.appendSpans(batch)));
      expect((await store.stats()).queuedRows).toBeLessThanOrEqual(2_000);
      accepted += (await settled).filter((o) => o.status === 'fulfilled').length;
    };
    for (let i = 0; i < 5; i++) await round(); // warm-up
    const before = heapAfterGc();
    for (let i = 0; i < 40; i++) await round();
    const growth = heapAfterGc() - before;
    console.log(
      `heap growth over 40 overload rounds (8,000 appends offered, ${accepted} accepted in all): ${(growth / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(growth).toBeLessThan(16 * 2 ** 20);
    expect((await store.stats()).rows.spans).toBe(accepted * batch.length);
  });

  it('bounds the queue by bytes as well as rows', async () => {
    const store = await fileStore({ maxQueuedBytes: 10_000 });
    const batch = generateSpans(2, { startNs: NOW_NS, seed: 14 });
    await expect(store.appendSpans(batch, { bytes: 20_000 })).rejects.toBeInstanceOf(StoreOverloadedError);
    await store.appendSpans(batch, { bytes: 5_000 });
    expect((await store.stats()).queuedBytes).toBe(0);
  });
});

describe('worker failure', () => {
  it('rejects pending appends with StoreWorkerCrashedError when the worker dies, and later calls too', async () => {
    const { dir, remove } = tempDir('crash');
    cleanups.push(remove);
    const child = spawnSync(process.execPath, ['--import', 'tsx', CRASH_CHILD, `${dir}/console.duckdb`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = child.stdout.split('\n');
    if (child.status !== 0)
      console.log(`crash child exited with status ${child.status}, signal ${child.signal}: ${child.stderr.slice(-500)}`);
    expect(lines).toContain('worker exited with code 1');
    // Every append was pending when the worker went: each is rejected with the crash, none hangs.
    expect(lines.filter((line) => line === 'append rejected StoreWorkerCrashedError SL_STORE_WORKER_CRASHED')).toHaveLength(8);
    expect(lines).toContain('stats rejected StoreWorkerCrashedError SL_STORE_WORKER_CRASHED');
    expect(lines).toContain('done');
  });
});
