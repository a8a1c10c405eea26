import type { ConfigIssue, ConsoleListenError } from '@sightline/console';
import { CliError } from '../../errors.js';

// Classified by their stable codes: the console's modules are imported only when the command runs.
const CONFIG_INVALID = new Set(['SL_CONSOLE_CONFIG_INVALID', 'SL_STORE_CONFIG_INVALID']);
const LISTEN_FAILED = 'SL_CONSOLE_LISTEN_FAILED';
const STORE_OPEN_FAILED = 'SL_STORE_OPEN_FAILED';

const PORT_FLAGS = { port: '--port', otlpPort: '--otlp-port' } as const;
const LOCK_HELD = /Conflicting lock is held in (.+) \(PID (\d+)\)/;

/**
 * What `sightline console` says when the console cannot start: a CliError with one line the user
 * can act on (exit 2 when a flag is wrong, 1 when the machine is in the way), or the error itself
 * when it is unexpected (printed with its stack). `flagOf` names a console option by its flag.
 */
export function startFailure(error: unknown, db: string | undefined, flagOf: (option: string) => string = (option) => option): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const message = (error as Error).message;
  if (CONFIG_INVALID.has(code)) return new CliError('SL_CLI_USAGE', optionsMessage(error as Error, flagOf), { cause: error });
  if (code === LISTEN_FAILED) return listenFailure(error as ConsoleListenError);
  if (code === STORE_OPEN_FAILED) return storeOpenFailure(message, db, error);
  return error;
}

/**
 * The console's refusal on one line, each option named by the flag that set it (`--max-size: at
 * least 8MiB …`); a refusal of no one option (there are none the command line can cause) as it is.
 */
function optionsMessage(error: Error & { issues?: readonly ConfigIssue[] }, flagOf: (option: string) => string): string {
  const issues = error.issues ?? [];
  if (issues.length === 0) return error.message.replace(/\n\s*-?\s*/g, ' ');
  return issues.map((issue) => `${flagOf(issue.option)}: ${issue.problem}`).join('; ');
}

function listenFailure(error: ConsoleListenError): CliError {
  const { host, port } = error;
  const flag = error.option === 'host' ? '--host' : PORT_FLAGS[error.option];
  switch (error.problem) {
    case 'port-in-use':
      return new CliError('SL_CLI_CONSOLE_START_FAILED', `port ${port} on ${host} is in use: pick another with ${flag}`, { cause: error });
    case 'port-needs-privilege':
      return new CliError('SL_CLI_CONSOLE_START_FAILED', `port ${port} on ${host} needs privileges: pick one above 1023 with ${flag}`, {
        cause: error,
      });
    case 'host-unknown':
      return new CliError(
        'SL_CLI_USAGE',
        `--host ${host} is neither an IP address nor a name this machine resolves: use e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`,
        { cause: error },
      );
    case 'host-not-local':
      return new CliError(
        'SL_CLI_USAGE',
        `--host ${host} is not an address of this machine: use one of its interfaces' addresses, 127.0.0.1 or 0.0.0.0`,
        { cause: error },
      );
  }
}

function storeOpenFailure(message: string, db: string | undefined, cause: unknown): CliError {
  if (db === undefined) return new CliError('SL_CLI_CONSOLE_START_FAILED', `cannot open the in-memory store: ${message}`, { cause });
  const lock = LOCK_HELD.exec(message);
  if (lock !== null) {
    return new CliError(
      'SL_CLI_CONSOLE_START_FAILED',
      `--db ${db} is open in another process (PID ${lock[2]}, ${lock[1]}: another sightline console?): stop it, or give another --db`,
      { cause },
    );
  }
  if (/Is a directory/.test(message)) return new CliError('SL_CLI_USAGE', directoryMessage(db), { cause });
  // The store makes the file's folder as it opens (after every flag was checked).
  if (/\bmkdir\b/.test(message)) return new CliError('SL_CLI_FILE_FAILED', `cannot create the folder of --db ${db}: ${message}`, { cause });
  if (/not a valid DuckDB database file/.test(message)) {
    return new CliError('SL_CLI_CONSOLE_START_FAILED', `--db ${db} is not a DuckDB database: give the console's own file or a new path`, {
      cause,
    });
  }
  return new CliError('SL_CLI_CONSOLE_START_FAILED', `cannot open the store --db ${db}: ${message}`, { cause });
}

/** `--db` naming a directory: the file it probably meant. */
export function directoryMessage(db: string): string {
  return `--db ${db} is a directory: give a file path, e.g. ${db.replace(/[\\/]+$/, '')}/console.duckdb`;
}
