import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { downloadToFile } from '../../download.js';
import { captureFileName, unusedPath } from '../../file-name.js';
import { formatBytes } from '../../format-bytes.js';
import type { CliIo } from '../../io.js';
import { ProgressLine } from '../../progress.js';
import { requestJson, requestTarget, resolveTarget, type Target } from '../../target.js';
import { formatStats } from './format-stats.js';
import { addTargetOptions, type TargetFlags } from './target-options.js';

interface HeapFlags extends TargetFlags {
  snapshot?: boolean;
  profile?: boolean;
  stats?: boolean;
  out?: string;
}

function outPath(io: CliIo, target: Target, flags: HeapFlags, kind: 'heap' | 'heapsnapshot', extension: string): string {
  if (flags.out !== undefined) return resolve(io.cwd, flags.out);
  return unusedPath(io.cwd, captureFileName(target.url, kind, extension, io.now()));
}

async function saveSnapshot(io: CliIo, target: Target, flags: HeapFlags): Promise<void> {
  const path = outPath(io, target, flags, 'heapsnapshot', '.heapsnapshot');
  io.stderr.write(
    `writing a heap snapshot of ${target.url.host}: the service pauses while V8 walks its heap, and the file is about the heap's size\n`,
  );
  const progress = new ProgressLine(io.stderr);
  progress.update('heap snapshot: waiting for the first bytes…', true);
  const response = await requestTarget(target, '/debug/heap/snapshot', { signal: io.signal });
  const saved = await downloadToFile(response, path, { progress, label: 'heap snapshot', signal: io.signal });
  io.stdout.write(`saved heap snapshot (${formatBytes(saved.bytes)} in ${saved.seconds.toFixed(1)} s) to ${saved.path}\n`);
  io.stdout.write('open it in Chrome DevTools → Memory → "Load profile…" (compare two snapshots with the Comparison view)\n');
}

async function saveProfile(io: CliIo, target: Target, flags: HeapFlags): Promise<void> {
  const path = outPath(io, target, flags, 'heap', '.pb.gz');
  const response = await requestTarget(target, '/debug/pprof/heap', { signal: io.signal });
  const saved = await downloadToFile(response, path, { progress: new ProgressLine(io.stderr), label: 'heap profile', signal: io.signal });
  io.stdout.write(`saved heap profile (${formatBytes(saved.bytes)}) to ${saved.path}\n`);
  // The server starts V8's sampling heap profiler on the first heap request: that profile is nearly empty.
  const startedNow = response.headers['x-sightline-heap-sampling-started'] === 'true';
  const since = response.headers['x-sightline-heap-sampling-since'];
  const hint = [
    'open it with:',
    `  go tool pprof -sample_index=space -http=: ${saved.path}`,
    startedNow
      ? 'heap sampling started with this request, so the profile holds almost nothing yet; take another one later'
      : `it shows live memory allocated since sampling started${typeof since === 'string' ? ` (${since})` : ''}`,
    'to find a leak, compare two profiles: sightline debug heap-diff',
  ];
  io.stdout.write(`${hint.join('\n')}\n`);
}

/** `sightline debug heap`: heap statistics, a sampling heap profile or a full heap snapshot. */
export function heapCommand(io: CliIo): Command {
  return addTargetOptions(new Command('heap'))
    .description('print heap statistics (default), or save a heap profile (--profile) or a heap snapshot (--snapshot)')
    .addOption(new Option('--stats', 'print V8 heap statistics (the default)').conflicts(['snapshot', 'profile']))
    .addOption(new Option('--profile', 'save the sampling heap profile as pprof (.pb.gz)').conflicts(['snapshot']))
    .addOption(new Option('--snapshot', 'stream a full heap snapshot to a .heapsnapshot file'))
    .option('--out <file>', 'where to save the profile or snapshot (default: <host>-<port>-<kind>-<time>.<ext>)')
    .action(async (flags: HeapFlags) => {
      const target = resolveTarget(flags, io.env);
      if (flags.snapshot === true) return saveSnapshot(io, target, flags);
      if (flags.profile === true) return saveProfile(io, target, flags);
      const stats = await requestJson(target, '/debug/heap/stats', { signal: io.signal });
      io.stdout.write(formatStats(stats));
    });
}
