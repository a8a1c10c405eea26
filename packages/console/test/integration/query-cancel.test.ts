import { request as httpRequest } from 'node:http';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';
import { openStore, QueryCancelledError, type Store } from '../../src/server/store/index.js';
import { generateSpans } from '../../src/server/store/testing/generate.js';
import { QueryToken } from '../../src/server/store/worker/query-token.js';

// Queries whose caller went away stop: a closed tab or a retyped search must not keep DuckDB busy
// (and, through the query priority, hold ingest back) for an answer nobody reads.

const START = BigInt(Date.now() - 60_000) * 1_000_000n;
const SECOND = 1_000_000_000n;

describe('QueryToken on a real DuckDB connection', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  // A scan that takes ~30 s uncancelled (10^10 rows; 10^9 took 2.8 s here). The self-join of t
  // used before took 77 ms on this machine, and a faster CI finished it before the 50 ms cancel.
  const SLOW = 'SELECT sum(range % 7) FROM range(10000000000)';

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run('CREATE TABLE t AS SELECT range AS x, md5(range::VARCHAR) AS h FROM range(3000000)');
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('stops a running statement: DuckDB interrupts it, and the connection answers the next query', async () => {
    const token = new QueryToken();
    const running = token.run(connection, (c) => c.runAndReadAll(SLOW));
    setTimeout(() => token.cancel(), 50);
    const error = await running.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(QueryCancelledError);
    // DuckDB's own error for a statement it stopped.
    expect((error as Error).message).toContain('INTERRUPT');
    expect(token.started).toBe(true);
    expect((await connection.runAndReadAll('SELECT 42')).getRows()).toEqual([[42]]);
  });

  it('refuses the next statement when the cancel comes between two', async () => {
    const token = new QueryToken();
    const work = token.run(connection, async (c) => {
      await c.run('SELECT 1');
      token.cancel();
      await c.run('CREATE TABLE never_made (x INTEGER)');
    });
    await expect(work).rejects.toBeInstanceOf(QueryCancelledError);
    const tables = await connection.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'never_made'");
    expect(tables.getRows()).toEqual([[0n]]);
  });

  it('never starts work cancelled before it had a connection', async () => {
    const token = new QueryToken();
    token.cancel();
    let ran = false;
    await expect(
      token.run(connection, async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(QueryCancelledError);
    expect(ran).toBe(false);
    expect(token.started).toBe(false);
  });

  it("stops only its own query: another connection's statement completes", async () => {
    const other = await instance.connect();
    try {
      const token = new QueryToken();
      const cancelled = token.run(connection, (c) => c.runAndReadAll(SLOW));
      const count = other.runAndReadAll('SELECT count(*) FROM t');
      setTimeout(() => token.cancel(), 30);
      await expect(cancelled).rejects.toBeInstanceOf(QueryCancelledError);
      expect((await count).getRows()).toEqual([[3_000_000n]]);
    } finally {
      other.closeSync();
    }
  });
});

describe('store.cancellable', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openStore({ memory: true });
    await store.appendSpans(generateSpans(2_000, { startNs: START, stepNs: SECOND / 100n, seed: 3 }));
  });

  afterAll(async () => {
    await store?.close();
  });

  it('rejects at once when the signal has already aborted, without asking the worker', async () => {
    const before = (await store.stats()).cancelledQueries;
    await expect(store.cancellable(AbortSignal.abort()).searchTraces({ limit: 10, attributes: {} })).rejects.toBeInstanceOf(
      QueryCancelledError,
    );
    expect((await store.stats()).cancelledQueries).toEqual(before);
  });

  it('rejects every query of a burst at its abort, and the worker skips those still waiting for a reader', async () => {
    const before = (await store.stats()).cancelledQueries;
    const controller = new AbortController();
    const queries = store.cancellable(controller.signal);
    // More queries than the worker has readers (2): most wait their turn when the abort comes.
    const burst = Array.from({ length: 40 }, (_, i) =>
      queries.searchTraces({ limit: 20, attributes: {}, minDurationMs: i }).then(
        () => 'answered',
        (error: unknown) => error,
      ),
    );
    controller.abort();
    for (const outcome of await Promise.all(burst)) expect(outcome).toBeInstanceOf(QueryCancelledError);
    // The worker counts what it skipped or stopped once it has seen the cancels.
    await expect
      .poll(async () => {
        const after = (await store.stats()).cancelledQueries;
        return after.skipped - before.skipped + (after.stopped - before.stopped);
      })
      .toBeGreaterThanOrEqual(30);
    // The store goes on answering.
    expect(await store.searchTraces({ limit: 5, attributes: {} })).toHaveLength(5);
  });

  it('leaves a query whose signal never aborts alone', async () => {
    const controller = new AbortController();
    const traces = await store.cancellable(controller.signal).searchTraces({ limit: 3, attributes: {} });
    expect(traces).toHaveLength(3);
    controller.abort();
  });
});

describe('the API cancels the query of a client that went away', () => {
  let running: RunningConsole;

  beforeAll(async () => {
    running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
    await running.store.appendSpans(generateSpans(2_000, { startNs: START, stepNs: SECOND / 100n, seed: 4 }));
  });

  afterAll(async () => {
    await running?.close();
  });

  const cancelled = async (): Promise<number> => {
    const stats = (await (await fetch(`${running.url}/api/store`)).json()) as { cancelledQueries: { skipped: number; stopped: number } };
    return stats.cancelledQueries.skipped + stats.cancelledQueries.stopped;
  };

  it('skips or stops the searches of clients that disconnect before their answer', async () => {
    const before = await cancelled();
    const { port } = new URL(running.url);
    // 40 searches whose clients hang up as soon as their request is sent.
    await Promise.all(
      Array.from(
        { length: 40 },
        (_, i) =>
          new Promise<void>((resolve) => {
            const request = httpRequest({ host: '127.0.0.1', port, path: `/api/traces?limit=20&minDurationMs=${i}`, agent: false });
            request.on('error', () => resolve());
            request.on('close', () => resolve());
            request.end(() => setImmediate(() => request.destroy()));
          }),
      ),
    );
    await expect.poll(async () => (await cancelled()) - before, { timeout: 10_000 }).toBeGreaterThanOrEqual(20);
    // A client that stays gets its answer.
    const answer = await fetch(`${running.url}/api/traces?limit=5`);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { traces: unknown[] }).traces).toHaveLength(5);
  });
});
