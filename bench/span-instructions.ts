// A sampled server span's instructions, in one process under callgrind: Sightline's (the lean
// server span started as the request pass starts it, its closing attributes, end(), the span
// processor's encoding) against the floor's (its ids, its state, SpanExport.add) on the same
// requests, the loop around them counted alone and taken out. Each variant is a child process
// (http/span-instructions-child.mjs on the built packages) that warms up, then has callgrind count
// only the measured spans. Counts do not move with the machine's other load, so a change of a few
// hundred instructions a span reads in one run, which the HTTP bench's CPU time cannot resolve.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { COMPILER, callgrindMissing, readDumpCounts } from './http/callgrind-dump.js';
import { assertDistFresh } from './http/dist-check.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatRatio, printTable } from './lib/table.js';

const run = promisify(execFile);

export interface SpanInstructionsOptions {
  readonly rounds: number;
  readonly spans: number;
  readonly warmup: number;
}

const VARIANTS = ['loop', 'sightline', 'floor'] as const;
type SpanVariant = (typeof VARIANTS)[number];
const CHILD = join(import.meta.dirname, 'http', 'span-instructions-child.mjs');

interface Count {
  readonly perSpan: number;
  readonly compilingPerSpan: number;
}

/** One child under callgrind; its one explicit dump holds the measured spans. */
async function count(variant: SpanVariant, options: SpanInstructionsOptions, dir: string): Promise<Count> {
  const out = join(dir, `${variant}.%p`);
  await run(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      '--dump-instr=no',
      '--quiet',
      process.execPath,
      CHILD,
      variant,
      String(options.spans),
      String(options.warmup),
    ],
    { cwd: import.meta.dirname, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
  );
  // callgrind writes the explicit dump as <out>.1 and what ran after it (the exit) as <out>.
  const dumps = (await readdir(dir)).filter((name) => name.startsWith(`${variant}.`) && name.endsWith('.1'));
  if (dumps.length !== 1) throw new Error(`${variant}: expected one callgrind dump in ${dir}, found ${dumps.length}`);
  const counts = readDumpCounts(await readFile(join(dir, dumps[0] as string), 'utf8'), COMPILER);
  for (const name of await readdir(dir)) await rm(join(dir, name));
  return { perSpan: counts.total / options.spans, compilingPerSpan: counts.matching / options.spans };
}

export async function runSpanInstructions(options: SpanInstructionsOptions): Promise<void> {
  const missing = await callgrindMissing();
  if (missing !== undefined) throw new Error(`span-instructions needs valgrind: ${missing}`);
  await assertDistFresh();
  const dir = await mkdtemp(join(tmpdir(), 'sightline-span-instructions-'));
  const counts = new Map<SpanVariant, Count[]>(VARIANTS.map((variant) => [variant, []]));
  console.log(
    `span-instructions: ${options.rounds} rounds of ${VARIANTS.join(', ')} under callgrind, ` +
      `${options.spans} spans counted after ${options.warmup}`,
  );
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of VARIANTS) {
        const result = await count(variant, options, dir);
        counts.get(variant)?.push(result);
        console.log(
          `  round ${round + 1} ${variant.padEnd(10)} ${formatCount(result.perSpan)} instructions/span (compiling ${formatCount(result.compilingPerSpan)})`,
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  report(counts);
}

function report(counts: ReadonlyMap<SpanVariant, readonly Count[]>): void {
  const of = (variant: SpanVariant) => counts.get(variant) ?? [];
  const loop = of('loop');
  // Per round, minus the loop's count in the same round.
  const spanCost = (variant: SpanVariant) => of(variant).map((c, i) => c.perSpan - (loop[i]?.perSpan ?? 0));
  const sightline = median(spanCost('sightline'));
  const floor = median(spanCost('floor'));
  printTable(
    'Server span instructions: one sampled span started, closed, ended and encoded, medians over rounds',
    ['variant', 'instructions/span', 'per round', 'of which compiling', 'vs floor'],
    (['sightline', 'floor'] as const).map((variant) => [
      variant,
      formatCount(median(spanCost(variant))),
      spanCost(variant).map(formatCount).join(' / '),
      formatCount(median(of(variant).map((c) => c.compilingPerSpan))),
      formatRatio(median(spanCost(variant)) / floor),
    ]),
    [
      `instructions/span: user-space instructions of the process (every thread) while it ran the counted spans, over`,
      `  their number, minus the loop's alone (${formatCount(median(loop.map((c) => c.perSpan)))} a span) in the same round.`,
      `of which compiling: V8's compilers in that count, per span (the warm-up should leave ~0; a round that reads`,
      `  far above the others is one where V8 tiered code again: the median keeps it out).`,
      `Sightline over the floor: ${formatRatio(sightline / floor)}.`,
    ],
  );
}

export function parseSpanInstructionsArgs(args: readonly string[]): SpanInstructionsOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { rounds: { type: 'string' }, spans: { type: 'string' }, warmup: { type: 'string' } },
  });
  const number = (value: string | undefined, fallback: number, name: string) => {
    const parsed = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, not ${value}`);
    return parsed;
  };
  return {
    rounds: number(values.rounds, 3, 'rounds'),
    spans: number(values.spans, 100_000, 'spans'),
    warmup: number(values.warmup, 60_000, 'warmup'),
  };
}

if (isEntryPoint(import.meta.url)) await runSpanInstructions(parseSpanInstructionsArgs(process.argv.slice(2)));
