import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { bytes, concat, fixed64, hex, message, stringAttribute, string as text, varint } from '@sightline/otlp/testing';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/index.js';
import { tempDir } from './disk.js';

// The durability rule as an exporter sees it: after kill -9 of the console in the middle
// of heavy OTLP/HTTP ingest, every export answered 2xx is stored (store-durability.test.ts proves
// the same for the store's own append API; this goes through the receiver and the worker decode).

const CHILD = fileURLToPath(new URL('./fixtures/console-child.ts', import.meta.url));
const SPANS_PER_BATCH = 256;
const CLIENTS = 6;
const ACKS_BEFORE_KILL = 60;

const traceIdOf = (batch: number) => (0xabc000000 + batch).toString(16).padStart(32, '0');

/** One export: a trace of SPANS_PER_BATCH spans whose trace id encodes the batch number. */
function exportBody(batch: number, startNs: bigint): Uint8Array {
  const spans: Uint8Array[] = [];
  for (let index = 0; index < SPANS_PER_BATCH; index++) {
    const start = startNs + BigInt(index) * 1_000n;
    const span = concat(
      hex(1, traceIdOf(batch)),
      hex(2, (index + 1).toString(16).padStart(16, '0')),
      ...(index === 0 ? [] : [hex(4, '0000000000000001')]),
      text(5, index === 0 ? 'POST /ingest' : `work ${index}`),
      varint(6, index === 0 ? 2 : 1),
      fixed64(7, start),
      fixed64(8, start + 500_000n),
      stringAttribute(9, 'batch.id', String(batch)),
    );
    spans.push(bytes(2, span));
  }
  return message(1, message(1, stringAttribute(1, 'service.name', 'kill9')), message(2, message(1, text(1, 'kill9')), ...spans));
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.once('exit', (code, signal) => reject(new Error(`console child exited (code ${code}, signal ${signal}): ${stderr}`)));
  });
}

describe('kill -9 of a console during OTLP/HTTP ingest', () => {
  it('keeps every export answered 200 queryable after restart, and the store reopens without repair', async () => {
    const { dir, remove } = tempDir('kill9-http');
    const path = `${dir}/console.duckdb`;
    const child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', CHILD, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const { otlpUrl } = JSON.parse(await firstLine(child)) as { otlpUrl: string };
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      const acked = new Set<number>();
      let inFlight = 0;
      let inFlightAtKill = -1;
      let next = 0;
      let killed = false;
      const startNs = BigInt(Date.now()) * 1_000_000n;

      const client = async () => {
        while (!killed) {
          const batch = next++;
          inFlight += 1;
          try {
            const response = await fetch(`${otlpUrl}/v1/traces`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-protobuf' },
              body: exportBody(batch, startNs + BigInt(batch) * 1_000_000_000n),
            });
            await response.arrayBuffer();
            if (response.status === 200) acked.add(batch);
          } catch {
            // The connection died with the console: this export was never acknowledged.
          } finally {
            inFlight -= 1;
          }
          if (!killed && acked.size >= ACKS_BEFORE_KILL) {
            killed = true;
            inFlightAtKill = inFlight;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
      // Killed in the middle of ingest: other exports were still on their way.
      expect(inFlightAtKill).toBeGreaterThan(0);
      const ackedAtKill = [...acked];
      expect(ackedAtKill.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

      const store = await openStore({ path });
      try {
        expect((await store.stats()).rows.spans).toBeGreaterThanOrEqual(ackedAtKill.length * SPANS_PER_BATCH);
        for (const batch of ackedAtKill) {
          const spans = await store.trace(traceIdOf(batch));
          expect(spans.length, `batch ${batch}`).toBe(SPANS_PER_BATCH);
        }
      } finally {
        await store.close();
      }
    } finally {
      child.kill('SIGKILL');
      remove();
    }
  });
});
