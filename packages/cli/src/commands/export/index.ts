import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { apiUrl, type ConsoleTarget, getJson, requestConsole, resolveConsole } from '../../console-api/index.js';
import { downloadToFile } from '../../download.js';
import { CliError } from '../../errors.js';
import { formatBytes } from '../../format-bytes.js';
import type { CliIo } from '../../io.js';
import { ProgressLine } from '../../progress.js';
import { formatTable } from '../../table.js';
import { absoluteTime } from './time-window.js';

interface ExportFlags {
  since: string;
  until?: string;
  out: string;
  force?: boolean;
  console?: string;
}

/** GET /api/export: the files the console offers. */
interface ExportManifest {
  files: { table: string; file: string; path: string }[];
}

interface Exported {
  file: string;
  rows: number;
  bytes: number;
}

const ROWS_HEADER = 'x-sightline-rows';

async function downloadOne(
  io: CliIo,
  target: ConsoleTarget,
  entry: ExportManifest['files'][number],
  window: [string, string][],
  dir: string,
): Promise<Exported> {
  const url = apiUrl(target, entry.path, window);
  const response = await requestConsole(target, url, io.signal, 'application/vnd.apache.parquet');
  const rows = Number(response.headers[ROWS_HEADER] ?? Number.NaN);
  const saved = await downloadToFile(response, join(dir, entry.file), {
    progress: new ProgressLine(io.stderr),
    label: entry.file,
    signal: io.signal,
  });
  return { file: saved.path, rows, bytes: saved.bytes };
}

/**
 * `sightline export`: a window of the console's data as Parquet files, one per table, for
 * DuckDB, ClickHouse, Spark or pandas. The console writes them (it alone holds the database);
 * the CLI downloads each into --out.
 */
export function exportCommand(io: CliIo): Command {
  return new Command('export')
    .description("write a window of a running console's data as Parquet files (spans, logs, metric points, scrape samples, exceptions)")
    .requiredOption('--out <dir>', 'directory for the files (created if missing)')
    .option('--since <time>', 'a duration back from now (15m, 1h, 7d), RFC 3339 or epoch ms', '1h')
    .option('--until <time>', 'end of the window, same forms as --since (default: now)')
    .option('--force', 'overwrite files already in --out')
    .option('--console <url>', 'the running console (default: $SIGHTLINE_CONSOLE_URL or http://127.0.0.1:18888)')
    .action(async (flags: ExportFlags) => {
      const target = resolveConsole(flags.console, io.env);
      const nowMs = io.now().getTime();
      const window: [string, string][] = [
        ['since', absoluteTime(flags.since, nowMs, '--since')],
        ['until', flags.until === undefined ? String(nowMs) : absoluteTime(flags.until, nowMs, '--until')],
      ];
      const manifest = await getJson<ExportManifest>(target, apiUrl(target, '/api/export'), io.signal);
      const dir = resolve(io.cwd, flags.out);
      // Checked before anything is downloaded: an export never half-overwrites an earlier one.
      const existing = manifest.files.map((entry) => join(dir, entry.file)).filter((path) => existsSync(path));
      if (existing.length > 0 && !flags.force) {
        throw new CliError(
          'SL_CLI_FILE_FAILED',
          `${existing.join(', ')} already exist(s); pass --force to overwrite, or choose another --out`,
        );
      }
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        throw new CliError('SL_CLI_FILE_FAILED', `cannot create ${dir}: ${(error as Error).message}`, { cause: error });
      }
      const exported: Exported[] = [];
      for (const entry of manifest.files) exported.push(await downloadOne(io, target, entry, window, dir));
      const totalRows = exported.reduce((sum, file) => sum + file.rows, 0);
      const totalBytes = exported.reduce((sum, file) => sum + file.bytes, 0);
      io.stdout.write(
        formatTable(
          ['file', 'rows', 'bytes'],
          [
            ...exported.map((file) => [file.file, String(file.rows), formatBytes(file.bytes)]),
            ['total', String(totalRows), formatBytes(totalBytes)],
          ],
          ['rows', 'bytes'],
        ),
      );
    });
}
