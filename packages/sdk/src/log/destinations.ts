import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type DestinationStream, multistream, type StreamEntry } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogDestination } from '../config/index.js';
import { LineWriter } from './line-writer.js';

/** What the logger writes to, plus the lifecycle hooks that keep lines from being lost at exit. */
export interface LogOutput {
  readonly stream: DestinationStream;
  /** Writes buffered lines out; resolves when the OS has them. */
  flush(): Promise<void>;
  /** Flushes synchronously, for process-exit paths where the event loop will not turn again. */
  flushSync(): void;
  close(): Promise<void>;
  /** Lines the destinations dropped so far (see LineWriter.droppedLines). */
  droppedLines(): number;
  /**
   * Opens every file destination again at its path (log rotation); stdout, stderr and streams
   * are left alone. Throws what could not be opened, after trying every file.
   */
  reopen(): void;
}

interface Managed {
  stream: DestinationStream;
  flush(): Promise<void>;
  flushSync(): void;
  close(): Promise<void>;
  droppedLines?(): number;
  reopen?(): void;
}

/**
 * Writers flushed synchronously on process 'exit', as pino.destination() does through
 * on-exit-leak-free: lines still pending when the app calls process.exit() reach the OS.
 * Weak references, so a logger dropped without shutdown() is not kept alive by this set.
 */
const exitFlushed = new Set<WeakRef<LineWriter>>();
const forgetCollected = new FinalizationRegistry<WeakRef<LineWriter>>((ref) => exitFlushed.delete(ref));
const flushAllSync = () => {
  for (const ref of exitFlushed) ref.deref()?.flushSync();
};

function flushAtExit(writer: LineWriter): () => void {
  const ref = new WeakRef(writer);
  if (exitFlushed.size === 0) process.on('exit', flushAllSync);
  exitFlushed.add(ref);
  forgetCollected.register(writer, ref, ref);
  return () => {
    forgetCollected.unregister(ref);
    if (exitFlushed.delete(ref) && exitFlushed.size === 0) process.off('exit', flushAllSync);
  };
}

/** A destination's write failures are said at most this often; the ones between are counted. */
export const WRITE_ERROR_REPORT_INTERVAL_MS = 60_000;

const writeStderr = (text: string) => {
  try {
    writeSync(2, text);
  } catch {
    // stderr itself is gone: nothing left to tell.
  }
};

/**
 * Failed writes, on stderr directly (the logger may be what fails): the first at once, then at
 * most one line a minute saying how many failed since, so a full disk is neither silent after
 * its first minute nor a line per log line. Every failure is counted by `onWriteError` too.
 */
export function reportWriteErrors(
  writer: Pick<LineWriter, 'on'>,
  name: string,
  write: (text: string) => void = writeStderr,
  now: () => number = Date.now,
): void {
  let lastReport = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  writer.on('error', (error: NodeJS.ErrnoException) => {
    unreported++;
    const time = now();
    if (time - lastReport < WRITE_ERROR_REPORT_INTERVAL_MS) return;
    const since =
      lastReport === Number.NEGATIVE_INFINITY
        ? ''
        : `; ${unreported} failed writes in the last ${Math.round((time - lastReport) / 1000)} s`;
    lastReport = time;
    unreported = 0;
    write(`sightline: writing log lines to ${name} failed (${error.code ?? error.message}); failed lines are dropped${since}\n`);
  });
}

/**
 * stdout, stderr and files: written asynchronously (no blocking write on the request path) by a
 * LineWriter; shutdown flushes, and an 'exit' hook flushes synchronously what is left. Closing
 * stdout or stderr only flushes them, so lines logged after shutdown still go out.
 */
function lineWriter(destination: number | string, mkdir: boolean, onWriteError: (error: Error) => void): Managed {
  const writer = new LineWriter(destination, { mkdir });
  reportWriteErrors(writer, typeof destination === 'string' ? destination : destination === 1 ? 'stdout' : 'stderr');
  writer.on('error', onWriteError);
  const forget = flushAtExit(writer);
  return {
    stream: writer,
    flush: () => writer.flush(),
    flushSync: () => writer.flushSync(),
    droppedLines: () => writer.droppedLines,
    ...(typeof destination === 'string' ? { reopen: () => writer.reopen() } : {}),
    close: async () => {
      if (typeof destination === 'number') return writer.flush();
      await writer.close();
      forget();
    },
  };
}

function userStream(stream: { write(chunk: string): unknown }): Managed {
  return {
    stream: stream as DestinationStream,
    flush: async () => {},
    flushSync: () => {},
    close: async () => {},
  };
}

// pino-pretty and its dependencies are loaded only by a process that pretty-prints (development on a
// terminal): a service writing JSON never holds them (1.3 MB of V8 heap at idle in the bench server).
const requireModule = createRequire(import.meta.url);

function prettyStdout(): Managed {
  const pretty = requireModule('pino-pretty') as typeof PinoPretty;
  const stream = pretty({ colorize: process.stdout.isTTY === true, destination: 1, sync: true, ignore: 'pid,hostname' });
  return { stream, flush: async () => {}, flushSync: () => {}, close: async () => {} };
}

/** `onWriteError`: every failed write of a stdout, stderr or file destination (its lines are dropped and counted). */
export function createLogOutput(
  destinations: readonly LogDestination[],
  prettyPrint: boolean,
  extra: readonly Managed[] = [],
  onWriteError: (error: Error) => void = () => {},
): LogOutput {
  const managed: Managed[] = [];
  try {
    for (const dest of destinations) {
      if (dest === 'stdout') managed.push(prettyPrint ? prettyStdout() : lineWriter(1, false, onWriteError));
      else if (dest === 'stderr') managed.push(lineWriter(2, false, onWriteError));
      else if ('path' in dest) managed.push(lineWriter(dest.path, dest.mkdir ?? true, onWriteError));
      else managed.push(userStream(dest.stream));
    }
  } catch (error) {
    // A file that cannot be opened fails setup: release the destinations opened before it.
    for (const opened of managed) void opened.close();
    throw error;
  }
  managed.push(...extra);
  const stream =
    managed.length === 1
      ? (managed[0] as Managed).stream
      : multistream(managed.map((m): StreamEntry => ({ stream: m.stream, level: 'trace' })));
  return {
    stream,
    flush: async () => {
      await Promise.all(managed.map((m) => m.flush()));
    },
    flushSync: () => {
      for (const m of managed) m.flushSync();
    },
    close: async () => {
      await Promise.all(managed.map((m) => m.close()));
    },
    droppedLines: () => managed.reduce((total, m) => total + (m.droppedLines?.() ?? 0), 0),
    reopen: () => {
      // Every file gets its chance; one that cannot be opened keeps writing to its old descriptor.
      const failures: unknown[] = [];
      for (const m of managed) {
        try {
          m.reopen?.();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'log files could not be reopened');
    },
  };
}

export type { Managed as ManagedLogStream };
