import { ConsoleConfigError, ConsoleListenError } from '@sightline/console';
import { StoreOpenError } from '@sightline/console/store';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../errors.js';
import { startFailure } from './start-failure.js';

/** The CLI's line and exit code for a failure of startConsole. */
function said(error: unknown, db?: string): [string, number] {
  const failure = startFailure(error, db);
  expect(failure).toBeInstanceOf(CliError);
  return [(failure as CliError).message, (failure as CliError).exitCode];
}

describe('a console that cannot start', () => {
  it('names the flag to change when a port is taken or privileged (exit 1)', () => {
    expect(said(new ConsoleListenError('port-in-use', 'port', '127.0.0.1', 18888))).toEqual([
      'port 18888 on 127.0.0.1 is in use: pick another with --port',
      1,
    ]);
    expect(said(new ConsoleListenError('port-in-use', 'otlpPort', '0.0.0.0', 4318))).toEqual([
      'port 4318 on 0.0.0.0 is in use: pick another with --otlp-port',
      1,
    ]);
    expect(said(new ConsoleListenError('port-needs-privilege', 'port', '127.0.0.1', 80))).toEqual([
      'port 80 on 127.0.0.1 needs privileges: pick one above 1023 with --port',
      1,
    ]);
  });

  it('calls a host it cannot listen on a usage error (exit 2)', () => {
    expect(said(new ConsoleListenError('host-unknown', 'host', '999.1.1.1', 18888))).toEqual([
      '--host 999.1.1.1 is neither an IP address nor a name this machine resolves: use e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
      2,
    ]);
    expect(said(new ConsoleListenError('host-not-local', 'host', '10.9.9.9', 4318))[1]).toBe(2);
  });

  it('says which process holds the database, or that --db is a directory', () => {
    const locked = new StoreOpenError(
      'IO Error: Could not set lock on file "/data/console.duckdb": Conflicting lock is held in /usr/bin/node (PID 31861). See also https://duckdb.org/docs/stable/connect/concurrency',
    );
    expect(said(locked, '/data/console.duckdb')).toEqual([
      '--db /data/console.duckdb is open in another process (PID 31861, /usr/bin/node: another sightline console?): stop it, or give another --db',
      1,
    ]);
    expect(said(new StoreOpenError('IO Error: Could not read from file "/tmp": Is a directory'), '/tmp')).toEqual([
      '--db /tmp is a directory: give a file path, e.g. /tmp/console.duckdb',
      2,
    ]);
    expect(
      said(new StoreOpenError('IO Error: The file "/etc/passwd" exists, but it is not a valid DuckDB database file!'), '/etc/passwd'),
    ).toEqual(["--db /etc/passwd is not a DuckDB database: give the console's own file or a new path", 1]);
    expect(said(new StoreOpenError('IO Error: disk on fire'), '/data/c.duckdb')).toEqual([
      'cannot open the store --db /data/c.duckdb: IO Error: disk on fire',
      1,
    ]);
  });

  it('names each option the console refused by the flag that set it, on one line (exit 2)', () => {
    const flagOf = (option: string) => ({ maxSize: '--max-size', retention: '--retention' })[option] ?? option;
    const refused = new ConsoleConfigError('Invalid console options:\n  - maxSize: too small\n  - retention: no duration', [
      { option: 'maxSize', problem: 'too small' },
      { option: 'retention', problem: 'no duration' },
    ]);
    expect(startFailure(refused, '/data/c.duckdb', flagOf)).toMatchObject({
      message: '--max-size: too small; --retention: no duration',
      exitCode: 2,
    });
  });

  it('passes option errors on as usage errors, and anything unexpected as it is', () => {
    expect(said(new ConsoleConfigError('Invalid console options: give a database file (db) or memory: true'))[1]).toBe(2);
    const surprise = new TypeError('undefined is not a function');
    expect(startFailure(surprise, undefined)).toBe(surprise);
    expect(startFailure('a string', undefined)).toBe('a string');
  });
});
