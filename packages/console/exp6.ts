import { openStore } from './src/server/store/index.js';
import { generateSpans } from './src/server/store/testing/generate.js';

const dir = '/tmp/exp/p6';
(await import('node:fs')).rmSync(dir, { recursive: true, force: true });
const store = await openStore({ path: `${dir}/c.duckdb`, maxSize: '8GB' });
const spans = generateSpans(30000, { startNs: 1n, seed: 1 });
const batches: any[] = [];
for (let i = 0; i < spans.length; i += 512) batches.push(spans.slice(i, i + 512));
let next = 0;
const t = performance.now();
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < batches.length) await store.appendSpans(batches[next++]);
  }),
);
console.log('spans/s', Math.round(spans.length / ((performance.now() - t) / 1000)));
await store.close();
