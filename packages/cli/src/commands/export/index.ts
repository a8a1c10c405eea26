import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
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

/** Asks for one table's file; the console checks the window first, so a refused export stops here. */
function requestOne(io: CliIo, target: ConsoleTarget, entry: ExportManifest['files'][number], window: [string, string][]) {
  return requestConsole(target, apiUrl(target, entry.path, window), io.signal, 'application/vnd.apache.parquet');
}

async function saveOne(io: CliIo, response: IncomingMessage, file: string, dir: string): Promise<Exported> {
  const rows = Number(response.headers[ROWS_HEADER] ?? Number.NaN);
  const saved = await downloadToFile(response, join(dir, file), { progress: new ProgressLine(io.stderr), label: file, signal: io.signal });
  return { file: saved.path, rows, bytes: saved.bytes };
}

/** --out names a folder: a file there is a usage error, said before the console is asked anything. */
function checkOut(dir: string, out: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError('SL_CLI_USAGE', `--out ${out} is a file, not a directory`);
}

function createOut(dir: string, response: IncomingMessage): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    response.destroy();
    throw new CliError('SL_CLI_FILE_FAILED', `cannot create ${dir}: ${(error as Error).message}`, { cause: error });
  }
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
      const dir = resolve(io.cwd, flags.out);
      checkOut(dir, flags.out);
      const manifest = await getJson<ExportManifest>(target, apiUrl(target, '/api/export'), io.signal);
      // Checked before anything is downloaded: an export never half-overwrites an earlier one.
      const existing = manifest.files.map((entry) => join(dir, entry.file)).filter((path) => existsSync(path));
      if (existing.length > 0 && !flags.force) {
        const verb = existing.length === 1 ? 'already exists' : 'already exist';
        throw new CliError('SL_CLI_FILE_FAILED', `${existing.join(', ')} ${verb}; pass --force to overwrite, or choose another --out`);
      }
      const exported: Exported[] = [];
      for (const entry of manifest.files) {
        const response = await requestOne(io, target, entry, window);
        // Created once the console has accepted the window: a refused export leaves no empty folder.
        if (exported.length === 0) createOut(dir, response);
        exported.push(await saveOne(io, response, entry.file, dir));
      }
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
