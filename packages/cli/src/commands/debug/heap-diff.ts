import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { PRIVATE_FILE_MODE, readBody } from '../../download.js';
import { formatSeconds, parseDuration, parsePositiveInteger } from '../../duration.js';
import { CliError } from '../../errors.js';
import { captureFileName, unusedPath } from '../../file-name.js';
import { decodeProfile, diffProfiles, formatDiffTable, type GroupBy } from '../../heap-diff/index.js';
import type { CliIo } from '../../io.js';
import { ProgressLine, waitWithCountdown } from '../../progress.js';
import { requestTarget, resolveTarget, type Target } from '../../target.js';
import { addTargetOptions, type TargetFlags } from './target-options.js';

interface HeapDiffFlags extends TargetFlags {
  interval: number;
  top: number;
  groupBy: GroupBy;
  sampleType?: string;
  stacks?: boolean;
  outDir?: string;
  base?: string;
  profile?: string;
}

interface SavedProfile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

async function captureHeapProfile(io: CliIo, target: Target, directory: string): Promise<SavedProfile> {
  const response = await requestTarget(target, '/debug/pprof/heap', { signal: io.signal });
  const bytes = await readBody(response);
  const path = unusedPath(directory, captureFileName(target.url, 'heap', '.pb.gz', io.now()));
  try {
    await writeFile(path, bytes, { mode: PRIVATE_FILE_MODE });
  } catch (error) {
    throw new CliError('SL_CLI_FILE_FAILED', `cannot save the heap profile to ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { path, bytes };
}

async function readProfileFile(io: CliIo, file: string): Promise<SavedProfile> {
  const path = resolve(io.cwd, file);
  try {
    return { path, bytes: await readFile(path) };
  } catch (error) {
    throw new CliError('SL_CLI_FILE_FAILED', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Both profiles: read from --base/--profile, or captured `interval` apart from the target. */
async function obtainProfiles(io: CliIo, flags: HeapDiffFlags): Promise<{ base: SavedProfile; current: SavedProfile; live: boolean }> {
  if (flags.base !== undefined || flags.profile !== undefined) {
    if (flags.base === undefined || flags.profile === undefined) {
      throw new CliError('SL_CLI_USAGE', 'an offline diff needs both --base <file> and --profile <file>');
    }
    return { base: await readProfileFile(io, flags.base), current: await readProfileFile(io, flags.profile), live: false };
  }
  const target = resolveTarget(flags, io.env);
  const directory = resolve(io.cwd, flags.outDir ?? '.');
  await mkdir(directory, { recursive: true });
  const base = await captureHeapProfile(io, target, directory);
  io.stderr.write(`first heap profile saved to ${base.path}\n`);
  const progress = new ProgressLine(io.stderr);
  await waitWithCountdown(progress, `waiting ${formatSeconds(flags.interval / 1000)} for the heap to grow`, flags.interval, io.signal);
  const current = await captureHeapProfile(io, target, directory);
  io.stderr.write(`second heap profile saved to ${current.path}\n`);
  return { base, current, live: true };
}

/**
 * `sightline debug heap-diff`: two heap profiles `--interval` apart (or two files), then the
 * allocation sites whose live memory grew most between them, like `pprof -base`.
 */
export function heapDiffCommand(io: CliIo): Command {
  return addTargetOptions(new Command('heap-diff'))
    .description('take two heap profiles --interval apart and print the allocation sites that grew most (a leak finder)')
    .addOption(
      new Option('--interval <duration>', 'time between the two profiles: 30s, 5m or plain seconds')
        .argParser(parseDuration)
        .default(30_000, '30s'),
    )
    .option('--top <n>', 'rows to print', parsePositiveInteger, 10)
    .addOption(
      new Option('--group-by <what>', 'site: by allocating function + file:line; stack: by whole call stack')
        .choices(['site', 'stack'])
        .default('site'),
    )
    .option('--sample-type <type>', 'sample value to compare, e.g. space or objects (default: in-use bytes)')
    .option('--stacks', 'print the callers under each row')
    .option('--out-dir <dir>', 'folder for the two saved profiles (default: the current folder)')
    .option('--base <file>', 'offline: the earlier profile (.pb.gz), with --profile; no target needed')
    .option('--profile <file>', 'offline: the later profile (.pb.gz), with --base')
    .action(async (flags: HeapDiffFlags) => {
      const { base, current, live } = await obtainProfiles(io, flags);
      const diff = diffProfiles(decodeProfile(base.bytes, base.path), decodeProfile(current.bytes, current.path), {
        groupBy: flags.groupBy,
        sampleType: flags.sampleType,
      });
      io.stdout.write(formatDiffTable(diff, { top: flags.top, showStacks: flags.stacks === true || flags.groupBy === 'stack' }));
      if (live) {
        // Short paths when the files are under the current folder, full ones otherwise.
        const shown = (path: string) => {
          const short = relative(io.cwd, path);
          return short === '' || short.startsWith('..') || isAbsolute(short) ? path : short;
        };
        io.stdout.write(`\nprofiles: ${shown(base.path)} ${shown(current.path)}\n`);
        io.stdout.write(`explore: go tool pprof -sample_index=space -base ${shown(base.path)} -http=: ${shown(current.path)}\n`);
      }
    });
}
