import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LogLevel } from '@sightline/console';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { defaultDatabasePath } from './data-dir.js';

interface ConsoleFlags {
  db?: string;
  memory?: boolean;
  retention: string;
  maxSize: string;
  memoryLimit: string;
  maxBodySize: string;
  host: string;
  port: number;
  otlpPort: number;
  scrape: string[];
  slo: string[];
  corsOrigin: string[];
  token?: string;
  ingestKey?: string;
  logLevel: LogLevel;
}

/** The console's levels (checked against its LogLevel type; the console is imported only when the command runs). */
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevel[];

const portNumber = (text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new InvalidArgumentError('a port is an integer from 0 to 65535');
  return value;
};
const collect = (value: string, previous: string[]) => [...previous, value];

/** `sightline console`: the OTLP receiver, DuckDB store, API and UI in one process. */
export function consoleCommand(io: CliIo): Command {
  return new Command('console')
    .description('run the Sightline console: OTLP/HTTP receiver, embedded store, query API and web UI')
    .option('--db <file>', 'DuckDB database file (default: in your user data directory)')
    .option('--memory', 'keep everything in memory (nothing written to disk)')
    .option('--retention <duration>', 'drop data older than this (e.g. 7d, 12h)', '7d')
    .option('--max-size <size>', 'keep the database under this size on disk (e.g. 2GB, 512MB)', '2GB')
    .option('--memory-limit <size>', "DuckDB's memory cap: its cache of data blocks and query memory (the process adds ~200 MB)", '512MB')
    .option('--max-body-size <size>', 'largest OTLP request body, after gzip is undone (413 above it)', '20MiB')
    .option('--host <address>', 'address to listen on (beyond loopback a token is required)', '127.0.0.1')
    .option('--port <port>', 'port of the UI and API', portNumber, 18888)
    .option('--otlp-port <port>', 'port of the OTLP/HTTP receiver', portNumber, 4318)
    .option('--scrape <url>', 'a Prometheus /metrics URL to scrape (repeatable)', collect, [])
    .option('--slo <file>', 'an SLO spec (sightline.slo.yaml or Sloth prometheus/v1) for the SLOs page (repeatable)', collect, [])
    .option('--cors-origin <origin>', 'an origin browsers may export OTLP from (repeatable, * for any)', collect, [])
    .option('--token <token>', 'UI/API token (default: SIGHTLINE_CONSOLE_TOKEN; generated beyond loopback)')
    .option('--ingest-key <key>', 'require this key on OTLP exports (default: SIGHTLINE_CONSOLE_INGEST_KEY)')
    .addOption(
      new Option(
        '--log-level <level>',
        'which console lines reach stderr: info adds one per UI/API request (with its x-request-id), debug also cancelled queries',
      )
        .choices(LOG_LEVELS)
        .default('warn'),
    )
    .action(async (flags: ConsoleFlags) => {
      const { startConsole, ConsoleConfigError } = await import('@sightline/console');
      const { parseSize, StoreConfigError } = await import('@sightline/console/store');
      const db = flags.memory ? undefined : (flags.db ?? defaultDatabasePath(io.env));
      if (db !== undefined) mkdirSync(dirname(db), { recursive: true });
      const token = flags.token ?? io.env.SIGHTLINE_CONSOLE_TOKEN;
      const ingestKey = flags.ingestKey ?? io.env.SIGHTLINE_CONSOLE_INGEST_KEY;
      let running: Awaited<ReturnType<typeof startConsole>>;
      try {
        const maxBodyBytes = parseSize(flags.maxBodySize, '--max-body-size');
        running = await startConsole({
          ...(db === undefined ? { memory: true } : { db }),
          retention: flags.retention,
          maxSize: flags.maxSize,
          memoryLimit: flags.memoryLimit,
          host: flags.host,
          port: flags.port,
          otlpPort: flags.otlpPort,
          maxBodyBytes,
          scrape: flags.scrape,
          slo: flags.slo.map((file) => resolve(io.cwd, file)),
          corsOrigins: flags.corsOrigin,
          logLevel: flags.logLevel,
          ...(token === undefined ? {} : { token }),
          ...(ingestKey === undefined ? {} : { ingestKey }),
        });
      } catch (error) {
        if (error instanceof ConsoleConfigError || error instanceof StoreConfigError) throw new CliError('SL_CLI_USAGE', error.message);
        throw error;
      }
      const login = running.token === undefined ? running.url : `${running.url}/login?token=${encodeURIComponent(running.token)}`;
      io.stdout.write(
        [
          'Sightline console',
          `  UI and API:  ${login}${running.tokenGenerated ? '   (token generated for this run)' : ''}`,
          `  OTLP/HTTP:   ${running.otlpUrl}   (OTEL_EXPORTER_OTLP_ENDPOINT=${running.otlpUrl})`,
          `  Store:       ${db ?? 'in memory'}   retention ${flags.retention}, max ${flags.maxSize}, memory ${flags.memoryLimit}`,
          '',
        ].join('\n'),
      );
      if (io.signal !== undefined && !io.signal.aborted) await once(io.signal, 'abort');
      io.stderr.write('sightline console: stopping (committing what was received)\n');
      await running.close();
    });
}
