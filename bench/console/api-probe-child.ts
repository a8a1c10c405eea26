// The API client that runs while ingest goes flat out, in its own process so its timings are not
// delayed by the load generator's event loop. Every `intervalMs` it searches
// `GET /api/traces?limit=20&since=1h`, then opens the newest trace found with `GET /api/traces/<id>`
// and the time hint the UI's trace page sends for it (what a user clicking through the UI does),
// one request at a time, and times each.
// Usage: node --conditions=sightline-source --import tsx api-probe-child.ts <console url> <interval ms>
//   child -> parent  { type: 'ready' }
//   parent -> child  { type: 'stop' }   child -> parent { type: 'result', search, byId, failures }, then exits
import { Agent, request } from 'node:http';
// The UI's own rule for the time hint a trace link carries (the trace page sends it as is).
import { traceHintOf } from '../../packages/console/ui/src/api/trace-hint.js';

const [base, intervalText] = process.argv.slice(2);
if (base === undefined) throw new Error('usage: api-probe-child.ts <console url> <interval ms>');
const intervalMs = Number(intervalText ?? 100);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const search: number[] = [];
const byId: number[] = [];
const failures: string[] = [];
let stopping = false;

async function timedGet(path: string, into: number[]): Promise<string | undefined> {
  const started = performance.now();
  try {
    const { status, body } = await get(path);
    into.push(performance.now() - started);
    if (status === 200) return body;
    failures.push(`${path.split('?')[0]}: HTTP ${status}`);
  } catch (error) {
    failures.push(`${path.split('?')[0]}: ${(error as Error).message}`);
  }
  return undefined;
}

async function loop(): Promise<void> {
  let link: string | undefined;
  while (!stopping) {
    const tick = performance.now();
    const found = await timedGet('/api/traces?limit=20&since=1h', search);
    type Summary = { traceId: string; startTimeUnixNano: string; endTimeUnixNano: string };
    const newest = found === undefined ? undefined : (JSON.parse(found) as { traces: Summary[] }).traces[0];
    if (newest !== undefined) {
      const hint = traceHintOf(new URLSearchParams({ start: newest.startTimeUnixNano, end: newest.endTimeUnixNano }));
      link = `/api/traces/${newest.traceId}?${new URLSearchParams(hint as Record<string, string>)}`;
    }
    if (link !== undefined) await timedGet(link, byId);
    const wait = intervalMs - (performance.now() - tick);
    if (wait > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

const running = loop();
process.send?.({ type: 'ready' });
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  stopping = true;
  running.then(() => {
    agent.destroy();
    process.send?.({ type: 'result', search, byId, failures: failures.slice(0, 20), failureCount: failures.length }, () => process.exit(0));
  });
});
