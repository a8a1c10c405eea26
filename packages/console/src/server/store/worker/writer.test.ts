import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../options.js';
import { generateLogs } from '../testing/generate.js';
import { Gate } from './gate.js';
import { PartitionSet } from './partitions.js';
import { prepareAppend } from './prepare-rows.js';
import { QueryPriority } from './query-priority.js';
import { Writer } from './writer.js';

/** A real connection whose COMMITs wait until the test lets them through, logging what it runs. */
function heldCommits(connection: DuckDBConnection, lane: string, log: string[], holding = { on: true }) {
  const held: (() => void)[] = [];
  const wrapped = new Proxy(connection, {
    get(target, key) {
      if (key !== 'run') return Reflect.get(target, key).bind(target);
      return async (sql: string, ...rest: unknown[]) => {
        if (sql === 'COMMIT') {
          log.push(`${lane} COMMIT sent`);
          if (holding.on) await new Promise<void>((resolve) => held.push(resolve));
        } else if (sql === 'BEGIN TRANSACTION') log.push(`${lane} BEGIN`);
        return (target.run as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
      };
    },
  });
  return { connection: wrapped, release: () => held.shift()?.() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp(log: string[], holding = { on: true }) {
  const instance = await DuckDBInstance.create(':memory:');
  const base = await instance.connect();
  const config = resolveOptions({ memory: true }).worker;
  const partitions = new PartitionSet(base, config, new Gate());
  await partitions.open(Date.now());
  const first = heldCommits(base, 'lane 1', log, holding);
  const second = heldCommits(await instance.connect(), 'lane 2', log, holding);
  const committed: number[][] = [];
  const failed: number[][] = [];
  const writer = new Writer(
    [first.connection, second.connection],
    partitions,
    config,
    { committed: (ids) => committed.push(ids), failed: (ids) => failed.push(ids) },
    new QueryPriority(50),
  );
  await writer.init();
  const stored = async () =>
    (await base.runAndReadAll(`SELECT count(*)::INTEGER, min(Seq) < max(Seq) FROM ${partitions.active.name}.logs`)).getRows();
  return { instance, writer, first, second, committed, failed, stored };
}

const logs = (seed: number) => prepareAppend('logs', generateLogs(3, { startNs: BigInt(seed) * 1_000n, seed }));

describe('the writer', () => {
  it('builds the next transaction on its second connection while one commits, and commits them in order', async () => {
    const log: string[] = [];
    const { instance, writer, first, second, committed, stored } = await setUp(log);

    writer.enqueue({ id: 1, batch: logs(1) });
    await tick();
    expect(log).toEqual(['lane 1 BEGIN', 'lane 1 COMMIT sent']);
    // Arriving while the first commits: built at once on the other lane, not committed yet.
    writer.enqueue({ id: 2, batch: logs(2) });
    await tick();
    writer.enqueue({ id: 3, batch: logs(3) });
    await tick();
    expect(log).toEqual(['lane 1 BEGIN', 'lane 1 COMMIT sent', 'lane 2 BEGIN']);
    expect(committed).toEqual([]);

    first.release();
    await tick();
    expect(committed).toEqual([[1]]);
    expect(log.at(-1)).toBe('lane 2 COMMIT sent');
    second.release();
    await tick();
    // One transaction for both appends that arrived during the first commit.
    expect(committed).toEqual([[1], [2, 3]]);
    expect(await stored()).toEqual([[9, true]]);
    await writer.close();
    instance.closeSync();
  });

  it('fails only the bad append of a transaction built during a commit: the others are committed alone, in order', async () => {
    const log: string[] = [];
    const holding = { on: true };
    const { instance, writer, first, committed, failed, stored } = await setUp(log, holding);
    writer.enqueue({ id: 1, batch: logs(1) });
    await tick();
    const bad = logs(3);
    (bad.columns[6] as unknown[])[1] = 300; // SeverityNumber is a UTINYINT: the appender throws on it
    writer.enqueue({ id: 2, batch: logs(2) });
    writer.enqueue({ id: 3, batch: bad });
    writer.enqueue({ id: 4, batch: logs(4) });
    await tick();
    expect(committed).toEqual([]);
    holding.on = false;
    first.release();
    await writer.drain();
    expect(committed).toEqual([[1], [2], [4]]);
    expect(failed).toEqual([[3]]);
    expect(await stored()).toEqual([[9, true]]);
    await writer.close();
    instance.closeSync();
  });
});
