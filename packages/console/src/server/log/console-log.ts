import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './log-level.js';

/** Takes one message (no prefix, no newline) and writes it where the console's lines go. */
export type LineWriter = (message: string) => void;

/**
 * The console's own lines (the API's, the scraper's), for a person reading a terminal: one
 * sentence each. A level below the configured one is a no-op chosen at setup (pino's approach),
 * so a debug line costs nothing at the default level beyond building its message.
 */
export interface ConsoleLog {
  readonly level: LogLevel;
  /** Whether lines of `level` are written: for a caller that would do work only to log. */
  enabled(level: LogLevel): boolean;
  readonly error: LineWriter;
  readonly warn: LineWriter;
  readonly info: LineWriter;
  readonly debug: LineWriter;
}

/** `sightline console: <message>` on stderr, the prefix every console line has had. */
export const writeConsoleLine: LineWriter = (message) => {
  process.stderr.write(`sightline console: ${message}\n`);
};

const ignore: LineWriter = () => undefined;

/** A log at `level` (default 'warn') writing through `write` (default: stderr, see writeConsoleLine). */
export function createConsoleLog(level: LogLevel = DEFAULT_LOG_LEVEL, write: LineWriter = writeConsoleLine): ConsoleLog {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (candidate: LogLevel) => LOG_LEVELS.indexOf(candidate) <= threshold;
  return {
    level,
    enabled,
    error: enabled('error') ? write : ignore,
    warn: enabled('warn') ? write : ignore,
    info: enabled('info') ? write : ignore,
    debug: enabled('debug') ? write : ignore,
  };
}
