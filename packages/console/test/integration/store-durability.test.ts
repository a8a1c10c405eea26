import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/index.js';
import { generateSpans } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));

/** Resolves with the acknowledged batch ids once `count` acks were printed (or rejects if the child dies). */
function collectAcks(child: ChildProcess, count: number, acked: Set<number>): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('ack ')) acked.add(Number(line.slice(4)));
        newline = buffer.indexOf('\n');
      }
      if (acked.size >= count) resolve();
    });
    child.on('exit', (code, signal) => {
      if (acked.size < count) reject(new Error(`ingest child exited early (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('kill -9 durability', () => {
  it('keeps every acknowledged batch queryable after SIGKILL mid-ingest, and reopens without repair', async () => {
    const { dir, remove } = tempDir('kill9');
    try {
      const path = `${dir}/console.duckdb`;
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked = new Set<number>();
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await collectAcks(child, 150, acked);
      child.kill('SIGKILL');
      // Killed while still ingesting (it never stops on its own).
      expect(await exited).toBe('SIGKILL');
      const ackedAtKill = [...acked];
      expect(ackedAtKill.length).toBeGreaterThanOrEqual(150);
      expect(existsSync(`${path}.d`)).toBe(true);

      const store = await openStore({ path });
      try {
        const stats = await store.stats();
        expect(stats.rows.spans).toBeGreaterThanOrEqual(ackedAtKill.length * 200);
        for (const batch of ackedAtKill) {
          const traces = await store.searchTraces({ attributes: { 'batch.id': String(batch) }, limit: 1000 });
          expect(traces, `batch ${batch}`).toHaveLength(40);
          for (const trace of traces) expect(trace.spanCount, `batch ${batch} trace ${trace.traceId}`).toBe(5);
        }
        // The reopened store takes writes again.
        const before = stats.rows.spans;
        await store.appendSpans(generateSpans(1, { startNs: BigInt(Date.now()) * 1_000_000n, seed: 7 }));
        expect((await store.stats()).rows.spans).toBe(before + 5);
      } finally {
        await store.close();
      }
    } finally {
      remove();
    }
  });
});
