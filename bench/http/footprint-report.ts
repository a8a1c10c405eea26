// The --footprint table of http-instructions.ts: each variant's hot code (http/code-footprint.ts) by
// area, medians over its rounds, then the functions of its own code (SDK and OTLP, or the floor's).
import { median } from '../lib/stats.js';
import { formatCount, formatFixed, printTable } from '../lib/table.js';
import { type CodeArea, type Footprint, LINE_BYTES } from './code-footprint.js';

export interface VariantFootprints {
  readonly name: string;
  /** One per round. */
  readonly footprints: readonly Footprint[];
}

const kilobytes = (lines: number) => formatFixed((lines * LINE_BYTES) / 1024, 1);

type Lines = Readonly<Record<CodeArea, number>>;
const own = (lines: Lines) => lines.sdk + lines.otlp + lines.floor;
const javascript = (lines: Lines) => own(lines) + lines.node + lines.otherJs;

/** `file:///work/main/packages/sdk/dist/http/request-pass.js:120:10` → `sdk/dist/http/request-pass.js:120:10`. */
function shortName(name: string): string {
  return name.replace(/(file:\/\/)?\/\S*?\/(packages|bench)\//, '');
}

export function reportFootprint(variants: readonly VariantFootprints[], topFunctions = 12): void {
  const measured = variants.filter((variant) => variant.footprints.length > 0);
  if (measured.length === 0) return;
  const column = (variant: VariantFootprints, pick: (lines: Lines) => number) =>
    kilobytes(median(variant.footprints.map((footprint) => pick(footprint.lines))));
  printTable(
    'Hot code: KB of 64-byte lines of machine code that ran on 9 requests in 10 or more (the median window), medians over rounds',
    ['variant', 'own code', "Node's JS", 'other JS', 'all JS', 'V8 code', 'native'],
    measured.map((variant) => [
      variant.name,
      column(variant, own),
      column(variant, (lines) => lines.node),
      column(variant, (lines) => lines.otherJs),
      column(variant, javascript),
      column(variant, (lines) => lines.v8Code),
      column(variant, (lines) => lines.native),
    ]),
    [
      "own code: the machine code of the SDK's and the OTLP package's JavaScript (Sightline), or the floor's. Node's JS:",
      "  node's own modules (http, streams, timers). other JS: the handler and npm dependencies. V8 code: builtins, IC",
      "  handlers and regular expressions named in the perf map. native: the rest (node's and V8's C++, GC,",
      '  libuv, libc), which also holds work that is not per request. Two servers that execute the same',
      '  instructions a request can still differ in time when one spreads them over more lines: each line',
      '  fetched again after other processes ran costs cycles that an instruction count does not show.',
    ],
  );
  const instructions = (variant: VariantFootprints, pick: (counts: Lines) => number) =>
    formatCount(median(variant.footprints.map((footprint) => pick(footprint.instructions))));
  printTable(
    'Instructions a request by where they ran (the median window), medians over rounds',
    ['variant', 'own code', "Node's JS", 'other JS', 'V8 code', 'native'],
    measured.map((variant) => [
      variant.name,
      instructions(variant, own),
      instructions(variant, (counts) => counts.node),
      instructions(variant, (counts) => counts.otherJs),
      instructions(variant, (counts) => counts.v8Code),
      instructions(variant, (counts) => counts.native),
    ]),
    [
      'Self instructions: a builtin or native function called from JavaScript counts in its own area, so own code is',
      "  the variant's JavaScript alone. native holds compiling, GC and the work between requests too.",
    ],
  );
  for (const variant of measured) {
    const last = variant.footprints.at(-1) as Footprint;
    if (last.ownFunctions.size === 0) continue;
    const top = [...last.ownFunctions].sort((a, b) => b[1] - a[1]).slice(0, topFunctions);
    console.log(
      `\n${variant.name}: own code by function, hot KB and instructions a request (last round; ${last.ownFunctions.size} hot functions in all)`,
    );
    for (const [name, lines] of top) {
      const count = formatCount(last.ownInstructions.get(name) ?? 0);
      console.log(`  ${kilobytes(lines).padStart(5)}  ${count.padStart(7)}  ${shortName(name)}`);
    }
  }
}
