// Summarises V8 .cpuprofile files (node --cpu-prof): top functions by self time, by inclusive
// time, and self time grouped by where the code lives (SDK file, npm package, node internals).
// Usage: node --import tsx cpu-profile-summary.ts <file-or-dir> [--top 25] [--all-threads] [--focus <function>]
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isEntryPoint } from './lib/entry-point.js';
import { formatTable } from './lib/table.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

function functionKey(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  return `${name} ${shortUrl(url)}:${lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules !== -1) return path.slice(modules + 'node_modules/'.length);
  const sdk = path.indexOf('packages/sdk/');
  if (sdk !== -1) return path.slice(sdk);
  const bench = path.indexOf('/bench/');
  if (bench !== -1) return path.slice(bench + 1);
  return path;
}

/** Where a function lives: an SDK source file, an npm package, node internals or V8. */
function area(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const sdk = path.indexOf('packages/sdk/src/');
  if (sdk !== -1) return `@sightline/sdk ${path.slice(sdk + 'packages/sdk/src/'.length)}`;
  const modules = path.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return (parts[0] as string).startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  }
  if (path.includes('/bench/')) return 'bench (handler, child protocol)';
  return path;
}

export interface ProfileSummary {
  readonly busyMicros: number;
  readonly totalMicros: number;
  readonly self: Map<string, number>;
  readonly inclusive: Map<string, number>;
  readonly areas: Map<string, number>;
}

/**
 * `focus`: only samples whose stack has a function whose key contains this text count, so the
 * tables say where the time under that function goes (e.g. `#finish`, `begin packages/sdk`).
 */
export function summarizeProfile(profile: CpuProfile, focus?: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  let busyMicros = 0;
  let totalMicros = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id) as ProfileNode;
    totalMicros += micros;
    if (IDLE.has(node.callFrame.functionName)) return;
    // The stack from the sampled function up to (and, with a focus, including) the focused one.
    const stack: string[] = [];
    let focused = focus === undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = functionKey(byId.get(at) as ProfileNode);
      if (key === '(root)') continue;
      stack.push(key);
      if (focus !== undefined && key.includes(focus)) {
        focused = true;
        break;
      }
    }
    if (!focused) return;
    busyMicros += micros;
    add(self, functionKey(node), micros);
    add(areas, area(node), micros);
    // Inclusive time: count each function once per sample even when it recurses.
    for (const key of new Set(stack)) add(inclusive, key, micros);
  });
  return { busyMicros, totalMicros, self, inclusive, areas };
}

function top(map: Map<string, number>, busy: number, count: number, requests: number | undefined): string[][] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => {
      const row = [key, `${((micros / busy) * 100).toFixed(1)}%`, `${(micros / 1000).toFixed(0)} ms`];
      return requests === undefined ? row : [...row, (micros / requests).toFixed(2)];
    });
}

/** `requests`: requests the profiled process served, to show time per request (comparable across variants). */
export function formatSummary(name: string, summary: ProfileSummary, count = 25, requests?: number, focus?: string): string {
  const busy = summary.busyMicros;
  const share = focus === undefined ? '% busy' : '% focus';
  const columns = (first: string) => (requests === undefined ? [first, share, 'time'] : [first, share, 'time', 'us/req']);
  const scope = focus === undefined ? 'busy' : `under "${focus}"`;
  return [
    `\nCPU profile ${name}: ${(summary.totalMicros / 1e6).toFixed(1)} s sampled, ${((busy / summary.totalMicros) * 100).toFixed(1)}% ${scope}` +
      (requests === undefined ? '' : `, ${requests} requests served, ${(busy / requests).toFixed(1)} us ${scope} per request`) +
      ` (percentages are of time ${scope}, start-up included)`,
    '\nSelf time by area:\n',
    formatTable(columns('area'), top(summary.areas, busy, count, requests)),
    '\nTop functions by self time:\n',
    formatTable(columns('function'), top(summary.self, busy, count, requests)),
    '\nTop functions by inclusive time:\n',
    formatTable(columns('function'), top(summary.inclusive, busy, count, requests)),
  ].join('\n');
}

/** The request count http-overhead.ts leaves beside a child's profiles, if any. */
async function requestsServed(directory: string): Promise<number | undefined> {
  try {
    return (JSON.parse(await readFile(join(directory, REQUESTS_FILE), 'utf8')) as { requests: number }).requests;
  } catch {
    return undefined;
  }
}

export const REQUESTS_FILE = 'requests.json';

async function profileFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const files: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await profileFiles(full)));
    else if (entry.name.endsWith('.cpuprofile')) files.push(full);
  }
  return files;
}

/**
 * Prints a summary of the .cpuprofile files under `path` (a file or a directory tree). node
 * writes one profile per thread; in a directory only the busiest one (the main thread, not
 * tsx's loader thread) is summarised, unless `allThreads`.
 */
export async function summarizeCpuProfiles(path: string, count = 25, allThreads = false, focus?: string): Promise<void> {
  const byDirectory = new Map<string, { file: string; summary: ProfileSummary }[]>();
  for (const file of (await profileFiles(path)).sort()) {
    const summary = summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, focus);
    const directory = dirname(file);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), { file, summary }]);
  }
  for (const [directory, profiles] of byDirectory) {
    const shown = allThreads ? profiles : [profiles.reduce((a, b) => (b.summary.busyMicros > a.summary.busyMicros ? b : a))];
    const requests = await requestsServed(directory);
    for (const { file, summary } of shown) console.log(formatSummary(file, summary, count, requests, focus));
  }
}

if (isEntryPoint(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, 'all-threads': { type: 'boolean' }, focus: { type: 'string' } },
  });
  if (positionals.length === 0) {
    console.error('usage: cpu-profile-summary.ts <file.cpuprofile | directory> [--top 25] [--all-threads] [--focus <function>]');
    process.exit(2);
  }
  const count = values.top === undefined ? 25 : Number(values.top);
  const focus = typeof values.focus === 'string' ? values.focus : undefined;
  for (const path of positionals) await summarizeCpuProfiles(path, count, values['all-threads'] === true, focus);
}
