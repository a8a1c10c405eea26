// Runs every benchmark in turn and prints their tables: metrics, span encoding, OTLP decoding, logger, then
// HTTP overhead (the long one, ~4 minutes with defaults) and debug server overhead (~3 minutes).
// Options are passed through to each; see README.md.
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
