// Checks that the floor servers (server-floor.cjs) produce what the Sightline servers produce:
// the same access line (keys in the same order, the same values but for ids, times and
// durations) and the same exported server spans (decoded by the owned OTLP decoder: the same
// resource, scope, names, kinds, flags, attributes and status), each with the ids its access line logged. Run before a bench that
// measures the floor, and alone: npm run bench:floor-check -w bench
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTraceRequest } from '@sightline/otlp';
import { isEntryPoint } from '../lib/entry-point.js';
import floorModule from './floor/floor-listener.cjs';
import { countSpans } from './otlp-sink.js';
import { ServerChild } from './server-child.js';

/** floor variant → the Sightline variant it stands beside. */
export const FLOOR_PAIRS: Readonly<Record<string, string>> = {
  'floor-logs-metrics': 'sightline-logs-metrics',
  'floor-full-0': 'sightline-full-0',
  'floor-full-10': 'sightline-full-10',
  'floor-full-100': 'sightline-full-100',
};

/** Fields that differ between any two runs. */
const VARYING = new Set(['time', 'pid', 'request_id', 'trace_id', 'span_id', 'duration_ms']);
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
/** A matched route, a sampled caller's trace, an unmatched path with a query. */
const REQUESTS: readonly { path: string; headers?: Record<string, string> }[] = [
  { path: '/users/42' },
  { path: '/users/7', headers: { traceparent: TRACEPARENT, 'user-agent': 'check "quoted" é' } },
  { path: '/nope?x=1' },
];

interface Output {
  lines: Record<string, unknown>[];
  spans: Record<string, unknown>[];
  resource: unknown;
  scope: unknown;
  countedSpans: number;
}

async function capture(script: string, variant: string): Promise<Output> {
  const bodies: Buffer[] = [];
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const logFile = join(tmpdir(), `sightline-floor-check-${variant}-${process.pid}.log`);
  const child = await ServerChild.start({
    script,
    variant,
    logFile,
    otlpUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`,
  });
  try {
    for (const request of REQUESTS) {
      const response = await fetch(`http://127.0.0.1:${child.port}${request.path}`, { headers: request.headers });
      await response.text();
    }
    await child.stop();
  } finally {
    child.kill();
    sink.close();
  }
  const text = await readFile(logFile, 'utf8');
  await rm(logFile, { force: true });
  const output: Output = { lines: [], spans: [], resource: undefined, scope: undefined, countedSpans: 0 };
  output.lines = text
    .split('\n')
    .filter((line) => line.includes('"request completed"') || line.includes('"slow request"'))
    .map((line) => JSON.parse(line));
  for (const body of bodies) {
    output.countedSpans += countSpans(body);
    const decoded = decodeTraceRequest(body, 'protobuf') as unknown as {
      resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: Record<string, unknown>[] }[] }[];
    };
    for (const resourceSpans of decoded.resourceSpans) {
      output.resource = resourceSpans.resource;
      for (const scopeSpans of resourceSpans.scopeSpans) {
        output.scope = scopeSpans.scope;
        output.spans.push(...scopeSpans.spans);
      }
    }
  }
  return output;
}

/** What must match: everything but ids and times (the parent id is the caller's, so it must match too). */
function spanShape(span: Record<string, unknown>) {
  const { traceId: _traceId, spanId: _spanId, startTimeUnixNano: _start, endTimeUnixNano: _end, ...rest } = span;
  return rest;
}

const hexOf = (id: unknown) => (typeof id === 'string' ? id : Buffer.from(id as Uint8Array).toString('hex'));

/** Exported spans whose trace and span ids no access line of the same server names: ids written wrong. */
function spansNotLogged(output: Output): string[] {
  const logged = new Set(output.lines.map((line) => `${line.trace_id}/${line.span_id}`));
  return output.spans.map((span) => `${hexOf(span.traceId)}/${hexOf(span.spanId)}`).filter((ids) => !logged.has(ids));
}

function lineShape(line: Record<string, unknown>) {
  return Object.entries(line).map(([key, value]) => (VARYING.has(key) ? [key, typeof value] : [key, value]));
}

const show = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

/**
 * Before a floor is measured: it only means something if it writes what Sightline writes. Throws with the
 * differences when any floor among `variants` does not.
 */
export async function assertFloorsEquivalent(variants: readonly { readonly name: string; readonly server: string }[]): Promise<void> {
  const floors = variants.filter((variant) => variant.server === 'server-floor.cjs').map((variant) => variant.name);
  if (floors.length === 0) return;
  const problems = await checkFloorEquivalence(floors);
  if (problems.length > 0) throw new Error(`the floor does not write what Sightline writes:\n${problems.join('\n')}`);
}

/** Compares each floor variant with its Sightline variant; returns the differences found (none: equivalent). */
export async function checkFloorEquivalence(floorVariants: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const floor of floorVariants) {
    const sightline = FLOOR_PAIRS[floorModule.floorMode(floor)];
    if (sightline === undefined) continue;
    const [ours, theirs] = [await capture('server-floor.cjs', floor), await capture('server-sightline.mjs', sightline)];
    const say = (what: string, a: unknown, b: unknown) =>
      problems.push(`${floor} vs ${sightline}: ${what}\n  floor:     ${show(a)}\n  sightline: ${show(b)}`);
    if (ours.lines.length !== REQUESTS.length || theirs.lines.length !== REQUESTS.length)
      say('access lines', ours.lines.length, theirs.lines.length);
    ours.lines.forEach((line, i) => {
      const other = theirs.lines[i];
      if (other !== undefined && show(lineShape(line)) !== show(lineShape(other))) say(`access line ${i + 1}`, line, other);
    });
    if (ours.countedSpans !== ours.spans.length) say('spans counted by the sink vs decoded', ours.countedSpans, ours.spans.length);
    // At 10 % the root traces' sampling differs by chance; the caller-sampled trace is always there.
    const comparable = (spans: Record<string, unknown>[]) =>
      floor === 'floor-full-10' ? spans.filter((span) => span.parentSpanId !== undefined && show(span.parentSpanId) !== '""') : spans;
    const [a, b] = [comparable(ours.spans), comparable(theirs.spans)];
    if (a.length !== b.length) say('exported spans', a.length, b.length);
    a.forEach((span, i) => {
      const other = b[i];
      if (other !== undefined && show(spanShape(span)) !== show(spanShape(other))) say(`span ${i + 1}`, span, other);
    });
    for (const [who, output] of [
      ['floor', ours],
      ['sightline', theirs],
    ] as const) {
      const unlogged = spansNotLogged(output);
      if (unlogged.length > 0) say(`${who}'s spans whose ids no access line of its own carries`, unlogged, []);
    }
    if (a.length > 0 && show(ours.resource) !== show(theirs.resource)) say('resource', ours.resource, theirs.resource);
    if (a.length > 0 && show(ours.scope) !== show(theirs.scope)) say('scope', ours.scope, theirs.scope);
    console.log(
      `  floor check ${floor}: ${ours.lines.length} access lines, ${ours.spans.length} spans decoded (sightline: ${theirs.lines.length}, ${theirs.spans.length})`,
    );
  }
  return problems;
}

if (isEntryPoint(import.meta.url)) {
  const problems = await checkFloorEquivalence(Object.keys(FLOOR_PAIRS));
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0 ? 'floor check: the floor writes what Sightline writes' : `floor check: ${problems.length} difference(s)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
