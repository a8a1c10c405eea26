// Runs every benchmark in turn and prints their tables: metrics, span encoding, OTLP decoding, logger, then
// HTTP overhead (the long one, ~4 minutes with defaults), debug server overhead (~3 minutes) and console
// ingest over OTLP/HTTP (~1 minute: 2 signals x (2 s warm-up + --duration, default 20 s), plus the raw baseline).
// Options are passed through to each; see README.md.
import { parseConsoleIngestArgs, runConsoleIngestBench } from './console-ingest.js';
import { parseDebugOverheadArgs, runDebugOverhead } from './debug-overhead.js';
import { parseHttpOverheadArgs, runHttpOverhead } from './http-overhead.js';
import { parseLoggerArgs, runLoggerBench } from './logger.js';
import { parseMetricsArgs, runMetricsBench } from './metrics-observe.js';
import { parseOtlpDecodeArgs, runOtlpDecodeBench } from './otlp-decode.js';
import { parseSpanEncodeArgs, runSpanEncodeBench } from './span-encode.js';

const args = process.argv.slice(2);
console.log(`sightline bench: node ${process.version}, ${process.platform}/${process.arch}`);
await runMetricsBench(parseMetricsArgs(args));
await runSpanEncodeBench(parseSpanEncodeArgs(args));
await runOtlpDecodeBench(parseOtlpDecodeArgs(args));
await runLoggerBench(parseLoggerArgs(args));
await runHttpOverhead(parseHttpOverheadArgs(args));
await runDebugOverhead(parseDebugOverheadArgs(args));
await runConsoleIngestBench(parseConsoleIngestArgs(args));
