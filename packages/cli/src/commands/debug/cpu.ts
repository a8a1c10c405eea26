import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { downloadToFile } from '../../download.js';
import { formatSeconds, parseWholeSeconds } from '../../duration.js';
import { captureFileName, unusedPath } from '../../file-name.js';
import { formatBytes } from '../../format-bytes.js';
import type { CliIo } from '../../io.js';
import { ProgressLine, startCountdown } from '../../progress.js';
import { requestTarget, resolveTarget } from '../../target.js';
import { addTargetOptions, type TargetFlags } from './target-options.js';

type CpuFormat = 'pprof' | 'cpuprofile';

interface CpuFlags extends TargetFlags {
  seconds: number;
  format: CpuFormat;
  out?: string;
}

const EXTENSIONS: Record<CpuFormat, string> = { pprof: '.pb.gz', cpuprofile: '.cpuprofile' };

const SILENT = new ProgressLine({ write: () => true });

function howToOpen(path: string, format: CpuFormat): string {
  const lines =
    format === 'pprof'
      ? ['open it with:', `  go tool pprof -http=: ${path}`, '  or drop it into https://www.speedscope.app']
      : [
          'open it with:',
          '  Chrome DevTools → Performance → "Load profile…"',
          '  or drop it into https://www.speedscope.app, or open it in VS Code',
        ];
  return lines.join('\n');
}

/** `sightline debug cpu`: profiles the service's CPU for N seconds and saves the profile. */
export function cpuCommand(io: CliIo): Command {
  return addTargetOptions(new Command('cpu'))
    .description('capture a CPU profile of the service and save it (pprof .pb.gz or Chrome .cpuprofile)')
    .addOption(
      new Option('--seconds <duration>', 'how long to profile: 10s, 1m or plain seconds').argParser(parseWholeSeconds).default(10, '10s'),
    )
    .addOption(new Option('--format <format>', 'file format').choices(['pprof', 'cpuprofile']).default('pprof'))
    .option('--out <file>', 'where to save it (default: <host>-<port>-cpu-<time>.pb.gz in the current folder)')
    .action(async (flags: CpuFlags) => {
      const target = resolveTarget(flags, io.env);
      const path =
        flags.out === undefined
          ? unusedPath(io.cwd, captureFileName(target.url, 'cpu', EXTENSIONS[flags.format], io.now()))
          : resolve(io.cwd, flags.out);
      const progress = new ProgressLine(io.stderr);
      // The service answers once the capture ends: count down meanwhile.
      const countdown = startCountdown(
        progress,
        `profiling CPU of ${target.url.host} for ${formatSeconds(flags.seconds)}`,
        flags.seconds * 1000,
      );
      let saved: Awaited<ReturnType<typeof downloadToFile>>;
      try {
        const response = await requestTarget(target, '/debug/pprof/profile', {
          query: { seconds: flags.seconds, format: flags.format },
          signal: io.signal,
        });
        saved = await downloadToFile(response, path, { progress: SILENT, label: 'CPU profile', signal: io.signal });
      } finally {
        countdown.stop();
      }
      io.stdout.write(`saved CPU profile (${formatSeconds(flags.seconds)}, ${formatBytes(saved.bytes)}) to ${saved.path}\n`);
      io.stdout.write(`${howToOpen(saved.path, flags.format)}\n`);
    });
}
