import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogLevel } from '@sightline/console';
import { DEFAULT_MAX_SIZE, DEFAULT_MEMORY_LIMIT, DEFAULT_RETENTION } from '@sightline/console/defaults';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { bannerText, openIngestWarning } from './banner.js';
import { defaultDatabasePath } from './data-dir.js';
import { flagNamer } from './option-flags.js';
import { directoryMessage, startFailure } from './start-failure.js';

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
  allowedHost: string[];
  alertmanager?: string;
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
const collectScrapeUrl = (value: string, previous: string[]) => {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw new InvalidArgumentError('a scrape target is an http:// or https:// URL, e.g. http://127.0.0.1:3000/metrics');
  }
  return [...previous, value];
};

/** `sightline console`: the OTLP receiver, DuckDB store, API and UI in one process. */
export function consoleCommand(io: CliIo): Command {
  return withConsoleOptions(
    new Command('console').description('run the Sightline console: OTLP/HTTP receiver, embedded store, query API and web UI'),
  ).action((flags: ConsoleFlags, command: Command) => runConsole(io, flags, command));
}

function withConsoleOptions(command: Command): Command {
  return command
    .option('--db <file>', 'DuckDB database file (default: in your user data directory)')
    .option('--memory', 'keep everything in memory (nothing written to disk)')
    .option('--retention <duration>', 'drop data older than this (e.g. 7d, 12h)', DEFAULT_RETENTION)
    .option('--max-size <size>', 'keep the database under this size on disk (e.g. 2GB, 512MB)', DEFAULT_MAX_SIZE)
    .option(
      '--memory-limit <size>',
      "DuckDB's memory cap: its cache of data blocks and query memory (the process adds ~200 MB)",
      DEFAULT_MEMORY_LIMIT,
    )
    .option('--max-body-size <size>', 'largest OTLP request body, after gzip is undone (413 above it)', '20MiB')
    .option('--host <address>', 'address to listen on (beyond loopback a token is required)', '127.0.0.1')
    .option('--port <port>', 'port of the UI and API', portNumber, 18888)
    .option('--otlp-port <port>', 'port of the OTLP/HTTP receiver', portNumber, 4318)
    .option('--scrape <url>', 'a Prometheus /metrics URL to scrape (http or https, repeatable)', collectScrapeUrl, [])
    .option('--slo <file>', 'an SLO spec (sightline.slo.yaml or Sloth prometheus/v1) for the SLOs page (repeatable)', collect, [])
    .option('--cors-origin <origin>', 'an origin browsers may export OTLP from (repeatable, * for any)', collect, [])
    .option(
      '--allowed-host <name>',
      'a host name the UI/API (without a token) and the OTLP receiver (without an ingest key) answer to besides loopback ones, e.g. a tunnel (repeatable)',
      collect,
      [],
    )
    .option(
      '--alertmanager <url>',
      'send Alertmanager an alert for each error group that is new or came back after it was resolved, and for each --slo SLO burning its budget too fast',
    )
    .option('--token <token>', 'UI/API token (default: SIGHTLINE_CONSOLE_TOKEN; generated beyond loopback)')
    .option('--ingest-key <key>', 'require this key on OTLP exports (default: SIGHTLINE_CONSOLE_INGEST_KEY)')
    .addOption(
      new Option(
        '--log-level <level>',
        'which console lines reach stderr: info adds one per UI/API request (with its x-request-id), debug also cancelled queries',
      )
        .choices(LOG_LEVELS)
        .default('warn'),
    );
}

/** Starts the console from the flags, prints its banner, and runs until the CLI's signal aborts. */
async function runConsole(io: CliIo, flags: ConsoleFlags, command: Command): Promise<void> {
  const db = databaseOf(flags, command, io);
  const { startConsole } = await import('@sightline/console');
  const { parseSize } = await import('@sightline/console/store');
  const token = flags.token ?? io.env.SIGHTLINE_CONSOLE_TOKEN;
  const ingestKey = flags.ingestKey ?? io.env.SIGHTLINE_CONSOLE_INGEST_KEY;
  let running: Awaited<ReturnType<typeof startConsole>>;
  try {
    const maxBodyBytes = parseSize(flags.maxBodySize, '--max-body-size');
    running = await startConsole({
      // Memory mode has no size cap; with a file, the cap is checked by the console.
      ...(db === undefined ? { memory: true } : { db, maxSize: flags.maxSize }),
      retention: flags.retention,
      memoryLimit: flags.memoryLimit,
      host: flags.host,
      port: flags.port,
      otlpPort: flags.otlpPort,
      maxBodyBytes,
      scrape: flags.scrape,
      slo: flags.slo.map((file) => resolve(io.cwd, file)),
      corsOrigins: flags.corsOrigin,
      allowedHosts: flags.allowedHost,
      ...(flags.alertmanager === undefined ? {} : { alertmanager: flags.alertmanager }),
      logLevel: flags.logLevel,
      ...(token === undefined ? {} : { token }),
      ...(ingestKey === undefined ? {} : { ingestKey }),
    });
  } catch (error) {
    throw startFailure(error, db, flagNamer(command));
  }
  const limits = db === undefined ? '' : `, max ${flags.maxSize}`;
  io.stdout.write(bannerText(running, `${db ?? 'in memory'}   retention ${flags.retention}${limits}, memory ${flags.memoryLimit}`));
  const warning = openIngestWarning(running);
  if (warning !== undefined) io.stderr.write(warning);
  if (io.signal !== undefined && !io.signal.aborted) await once(io.signal, 'abort');
  io.stderr.write('sightline console: stopping (committing what was received)\n');
  await running.close();
}

/**
 * The database file (undefined: memory). Flags that contradict each other or a --db that cannot be
 * a file are usage errors here, before anything is opened. Its folder is made by the store as it
 * opens, once the console has checked every other flag: a refused --retention leaves nothing behind.
 */
function databaseOf(flags: ConsoleFlags, command: Command, io: CliIo): string | undefined {
  if (flags.memory) {
    if (flags.db !== undefined) {
      throw new CliError('SL_CLI_USAGE', `--memory keeps nothing on disk, so --db ${flags.db} would be ignored: give one of them`);
    }
    if (command.getOptionValueSource('maxSize') === 'cli') {
      throw new CliError(
        'SL_CLI_USAGE',
        '--max-size caps the database files on disk and means nothing with --memory (memory mode drops its oldest rows past a row cap instead): drop one of them',
      );
    }
    return undefined;
  }
  const db = flags.db === undefined ? defaultDatabasePath(io.env) : resolve(io.cwd, flags.db);
  if (existsSync(db) && statSync(db).isDirectory()) throw new CliError('SL_CLI_USAGE', directoryMessage(flags.db ?? db));
  return db;
}
