import { once } from 'node:events';
import { type DestinationStream, destination, multistream, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';
import type { LogDestination } from '../config/schema.js';

/** What the logger writes to, plus the lifecycle hooks that keep lines from being lost at exit. */
export interface LogOutput {
  readonly stream: DestinationStream;
  /** Writes buffered lines out; resolves when the OS has them. */
  flush(): Promise<void>;
  /** Flushes synchronously, for process-exit paths where the event loop will not turn again. */
  flushSync(): void;
  close(): Promise<void>;
}

interface SonicBoomLike extends DestinationStream {
  on(event: 'drain' | 'error' | 'close', listener: () => void): void;
  off(event: 'drain' | 'error' | 'close', listener: () => void): void;
  _writing: boolean;
  flushSync(): void;
  end(): void;
  destroyed?: boolean;
  fd: number;
}

interface Managed {
  stream: DestinationStream;
  flush(): Promise<void>;
  flushSync(): void;
  close(): Promise<void>;
}

function sonic(dest: number | string, mkdir: boolean): Managed {
  // Async writes keep the request path free of syscalls; flush()/flushSync() on shutdown
  // is what prevents the lost-lines-at-exit problem.
  const stream = destination({ dest, sync: false, mkdir }) as unknown as SonicBoomLike;
  let ready: Promise<unknown> | undefined = stream.fd < 0 ? once(stream as never, 'ready') : undefined;
  const whenReady = async () => {
    if (ready) await ready.catch(() => {});
    ready = undefined;
  };
  return {
    stream,
    async flush() {
      await whenReady();
      // sonic-boom's flush(cb) calls back at once when minLength is 0, with a write still in
      // flight: wait for 'drain' instead, which fires when its buffer is empty.
      if (stream.destroyed || !stream._writing) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('error', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('error', done);
        stream.on('close', done);
      });
    },
    flushSync() {
      if (stream.destroyed || stream.fd < 0) return;
      try {
        stream.flushSync();
      } catch {
        // EAGAIN on a full pipe: nothing more can be done synchronously.
      }
    },
    async close() {
      await this.flush();
      if (typeof stream.fd === 'number' && stream.fd > 2 && !stream.destroyed) {
        const closed = once(stream as never, 'close').catch(() => {});
        stream.end();
        await closed;
      }
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

function prettyStdout(): Managed {
  const stream = pretty({ colorize: process.stdout.isTTY === true, destination: 1, sync: true, ignore: 'pid,hostname' });
  return { stream, flush: async () => {}, flushSync: () => {}, close: async () => {} };
}

export function createLogOutput(destinations: readonly LogDestination[], prettyPrint: boolean, extra: readonly Managed[] = []): LogOutput {
  const managed: Managed[] = destinations.map((dest) => {
    if (dest === 'stdout') return prettyPrint ? prettyStdout() : sonic(1, false);
    if (dest === 'stderr') return sonic(2, false);
    if ('path' in dest) return sonic(dest.path, dest.mkdir ?? true);
    return userStream(dest.stream);
  });
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
  };
}

export type { Managed as ManagedLogStream };
