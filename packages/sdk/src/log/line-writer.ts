import { EventEmitter } from 'node:events';
import { close, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DestinationStream } from 'pino';
import { SightlineConfigError } from '../sightline-error/index.js';

/** A write the OS refused with EAGAIN (a full non-blocking pipe) is tried again after this (sonic-boom: 100 ms). */
const RETRY_DELAY_MS = 100;
/** flushSync() on a full pipe pauses this long between attempts, at most SYNC_ATTEMPTS times without progress. */
const SYNC_PAUSE_MS = 10;
const SYNC_ATTEMPTS = 100;
const DEFAULT_MAX_PENDING_BYTES = 16 * 1024 * 1024;
const DEFAULT_BATCH_INTERVAL_MS = 10;
/** Pending lines past this length go out at once, whatever the batch interval (about 64 KiB). */
const FULL_BATCH_LENGTH = 64 * 1024;
/**
 * Lines waiting are one string, and a string holds at most ~2^29 characters in V8: past 2^28
 * (256 Mi characters, even in a synchronous burst) a line is dropped and counted, never thrown.
 */
export const MAX_PENDING_STRING = 2 ** 28;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export interface LineWriterOptions {
  /** Creates the file's parent folder when missing. Default false. */
  readonly mkdir?: boolean;
  /**
   * Bound on the lines waiting for a write (measured in string length, an approximation of
   * bytes), so a stalled disk or a reader that stopped reading cannot grow the heap without
   * bound: once the backlog is past it and still is after the event loop turned twice, new
   * lines are dropped (and counted in `droppedLines`) until the OS takes the backlog. A
   * synchronous burst (a loop logging without yielding) is kept whole: no write can complete
   * before it yields, so its backlog says nothing about the destination, up to MAX_PENDING_STRING
   * characters. Default 16 MiB.
   */
  readonly maxPendingBytes?: number;
  /**
   * The least time between the starts of two writes: a line that finds the previous write
   * started less than this ago waits for the rest of the interval, with the lines after it, so
   * a steady stream of lines costs one write per interval, not one per line (each write is a
   * thread-pool round trip and a turn of the event loop). A line after a quiet spell, and
   * pending lines past 64 KiB, go out at once; flush(), flushSync() and close() do not wait.
   * 0 writes each line as soon as no write is in flight. Default 10 ms.
   */
  readonly batchIntervalMs?: number;
}

const isBusy = (error: NodeJS.ErrnoException) => error.code === 'EAGAIN' || error.code === 'EBUSY';

/**
 * Appends lines to a file descriptor or file, asynchronously, with O(line) work per write.
 * A line costs a string append; while one `fs.write` is in flight, lines accumulate, and when it
 * completes everything pending goes out in one write (converted to bytes once, so a partial
 * write continues from its byte offset). A line after a quiet spell goes out at once;
 * under a steady stream, writes start at most once per `batchIntervalMs`.
 * Write failures are emitted as 'error' (only when someone listens) and never thrown.
 */
export class LineWriter extends EventEmitter implements DestinationStream {
  /** The file's path; undefined for a descriptor. */
  readonly path: string | undefined;
  readonly #mkdir: boolean;
  readonly #maxPending: number;
  readonly #batchInterval: number;
  /** performance.now() before which no new batch starts unless flushed (see batchIntervalMs). */
  #nextBatchAt = Number.NEGATIVE_INFINITY;
  #batchTimer: NodeJS.Timeout | undefined;
  #fd: number;
  /**
   * The lines waiting, appended as one string: `+=` builds a rope that Buffer.from() copies once,
   * where joining an array of the same lines cost about as much again (each line is itself a rope
   * of template parts): ~100 against ~250 us for 64 KiB of access lines alone on the 2-vCPU VM; in
   * a server at 3,000 req/s a batch's start went from ~265 to ~220 us (half of it the thread pool's wake-up).
   */
  #pending = '';
  #pendingLines = 0;
  /** Bytes handed to the OS; while an fs.write of them is in flight, a libuv thread reads them. */
  #batch: Buffer | undefined;
  #batchLines = 0;
  #batchFd = -1;
  #written = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  /** The descriptor reopen() replaced while the batch was being written to it; closed after the batch. */
  #retiredFd: number | undefined;
  #closing: Promise<void> | undefined;
  /** The destination fell behind past the bound: new lines are dropped until a batch takes the backlog. */
  #stalled = false;
  /** Turns of the event loop still to watch before deciding whether a backlog past the bound is a stall. */
  #turnsToWatch = 0;
  #dropped = 0;
  #retries = 0;
  #idleWaiters: Array<() => void> = [];
  readonly #afterWrite = (error: NodeJS.ErrnoException | null, bytes: number) => this.#onWritten(error, bytes);
  readonly #startWaitingBatch = () => {
    this.#batchTimer = undefined;
    if (this.#batch === undefined && this.#pendingLines > 0) this.#startBatch();
  };
  readonly #retry = () => {
    this.#retryTimer = undefined;
    this.#send();
  };
  // Two check phases, so a poll phase (where a finished write reports back) lies between
  // the burst that passed the bound and the verdict.
  readonly #watchBacklog = () => {
    if (--this.#turnsToWatch > 0) setImmediate(this.#watchBacklog);
    else this.#stalled = this.#pending.length > this.#maxPending;
  };

  /** A descriptor (1, 2, any open fd) or a file path, opened now for appending: a bad path throws here. */
  constructor(destination: number | string, options: LineWriterOptions = {}) {
    super();
    this.#mkdir = options.mkdir ?? false;
    this.#maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.#batchInterval = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.path = typeof destination === 'string' ? destination : undefined;
    this.#fd = typeof destination === 'string' ? openForAppend(destination, this.#mkdir) : destination;
  }

  /** The descriptor written to; -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  /** Lines dropped: past `maxPendingBytes` on a stall, after close(), or in a batch the OS refused (counted whole). */
  get droppedLines(): number {
    return this.#dropped;
  }

  /** Writes refused with EAGAIN/EBUSY and tried again: a reader of the pipe that does not keep up. */
  get retries(): number {
    return this.#retries;
  }

  /** Queues one line (pino hands over complete lines); false when it was dropped. */
  write(line: string): boolean {
    if (this.#closing !== undefined) return this.#drop();
    const waiting = this.#pending.length + line.length;
    if (waiting > MAX_PENDING_STRING) return this.#drop();
    if (waiting > this.#maxPending) {
      if (this.#stalled) return this.#drop();
      if (this.#turnsToWatch === 0) {
        this.#turnsToWatch = 2;
        setImmediate(this.#watchBacklog);
      }
    }
    this.#pending += line;
    this.#pendingLines++;
    if (this.#batch !== undefined) return true;
    if (this.#batchTimer === undefined) this.#schedule();
    else if (this.#pending.length >= FULL_BATCH_LENGTH) this.#startNow();
    return true;
  }

  /** Resolves once every line written so far is with the OS (at once when idle); calls `callback` too, for pino's logger.flush(cb). */
  flush(callback?: (error?: Error) => void): Promise<void> {
    if (this.#batchTimer !== undefined) this.#startNow();
    const idle =
      this.#batch === undefined && this.#pendingLines === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    if (callback !== undefined) void idle.then(() => callback());
    return idle;
  }

  /**
   * Writes every pending line synchronously, for exit paths where the event loop will not turn
   * again. A full pipe is retried in a short blocking pause, giving up after SYNC_ATTEMPTS
   * pauses without progress (about a second; the rest is counted as dropped).
   *
   * A batch whose fs.write is in flight is left to the libuv thread that holds it: that thread
   * took it when the write was issued, normally long before this call, so writing it again
   * here would duplicate it in the common case. The pending lines are newer than that batch
   * and go after it, in order, unless the thread pool is so saturated that the in-flight write
   * has not started yet, the one case where they can land first (or it be lost at exit). A
   * batch waiting for an EAGAIN retry is ours alone: it is written first, from its byte offset.
   */
  flushSync(): void {
    if (this.#fd < 0) return;
    this.#cancelWait();
    if (this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      const batch = this.#batch as Buffer;
      this.#writeSync(this.#batchFd, batch.subarray(this.#written), this.#batchLines);
      this.#releaseBatch();
    }
    if (this.#pendingLines > 0) {
      const text = this.#pending;
      const lines = this.#pendingLines;
      this.#pending = '';
      this.#pendingLines = 0;
      this.#stalled = false;
      this.#writeSync(this.#fd, Buffer.from(text), lines);
    }
    if (this.#batch === undefined) this.#settle();
  }

  /**
   * For log rotation: opens the path again (a new file when the old one was moved away);
   * the batch being written finishes in the old file, which is closed after it.
   */
  reopen(): void {
    if (this.path === undefined) throw new TypeError('LineWriter.reopen(): only a file destination can be reopened');
    if (this.#closing !== undefined) return;
    const previous = this.#fd;
    this.#fd = openForAppend(this.path, this.#mkdir);
    if (this.#batch !== undefined && this.#batchFd === previous) this.#retiredFd = previous;
    else this.#closeQuietly(previous);
  }

  /** Stops taking lines, flushes, closes the descriptor unless it is 0, 1 or 2, emits 'close'. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  end(): Promise<void> {
    return this.close();
  }

  async #finish(): Promise<void> {
    await this.flush();
    const fd = this.#fd;
    this.#fd = -1;
    if (fd > 2) {
      await new Promise<void>((resolve) =>
        close(fd, (error) => {
          if (error) this.#report(error);
          resolve();
        }),
      );
    }
    this.emit('close');
  }

  /** Starts a batch of the pending lines now, or once the batch interval since the last start has passed. */
  #schedule(): void {
    const wait = this.#nextBatchAt - performance.now();
    // A flush() waiting for the lines does not wait for the interval either.
    if (wait <= 0 || this.#pending.length >= FULL_BATCH_LENGTH || this.#idleWaiters.length > 0) {
      this.#startBatch();
      return;
    }
    this.#batchTimer = setTimeout(this.#startWaitingBatch, wait);
    this.#batchTimer.unref();
  }

  #startNow(): void {
    this.#cancelWait();
    if (this.#batch === undefined && this.#pendingLines > 0) this.#startBatch();
  }

  #cancelWait(): void {
    if (this.#batchTimer === undefined) return;
    clearTimeout(this.#batchTimer);
    this.#batchTimer = undefined;
  }

  #startBatch(): void {
    if (this.#batchInterval > 0) this.#nextBatchAt = performance.now() + this.#batchInterval;
    const text = this.#pending;
    this.#batchLines = this.#pendingLines;
    this.#pending = '';
    this.#pendingLines = 0;
    this.#stalled = false;
    this.#batch = Buffer.from(text);
    this.#batchFd = this.#fd;
    this.#written = 0;
    this.#send();
  }

  #send(): void {
    const batch = this.#batch as Buffer;
    write(this.#batchFd, batch, this.#written, batch.length - this.#written, null, this.#afterWrite);
  }

  #onWritten(error: NodeJS.ErrnoException | null, bytes: number): void {
    if (error === null) {
      this.#written += bytes;
      if (this.#written < (this.#batch as Buffer).length) {
        this.#send();
        return;
      }
    } else if (isBusy(error)) {
      this.#retries++;
      this.#retryTimer = setTimeout(this.#retry, RETRY_DELAY_MS);
      return;
    } else {
      this.#dropped += this.#batchLines;
      this.#report(error);
    }
    this.#releaseBatch();
    if (this.#pendingLines > 0) this.#schedule();
    else this.#settle();
  }

  #releaseBatch(): void {
    this.#batch = undefined;
    this.#batchLines = 0;
    if (this.#retiredFd !== undefined) {
      this.#closeQuietly(this.#retiredFd);
      this.#retiredFd = undefined;
    }
  }

  #writeSync(fd: number, bytes: Buffer, lines: number): void {
    let offset = 0;
    let attempts = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset);
        attempts = 0;
      } catch (error) {
        if (isBusy(error as NodeJS.ErrnoException) && attempts++ < SYNC_ATTEMPTS) {
          this.#retries++;
          Atomics.wait(sleeper, 0, 0, SYNC_PAUSE_MS);
          continue;
        }
        this.#dropped += lines;
        this.#report(error as Error);
        return;
      }
    }
  }

  #drop(): false {
    this.#dropped++;
    return false;
  }

  #settle(): void {
    if (this.#idleWaiters.length === 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #closeQuietly(fd: number): void {
    if (fd > 2) close(fd, (error) => error && this.#report(error));
  }

  /** An unobserved 'error' would throw from an fs callback and crash the app: emitted only to listeners. */
  #report(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

const HINTS: Record<string, string> = {
  ENOENT: 'create the folder or set mkdir: true',
  EACCES: 'check the permissions of the file and its folder',
  EPERM: 'check the permissions of the file and its folder',
  EISDIR: 'the path names a folder; name a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

function openForAppend(path: string, mkdir: boolean): number {
  try {
    if (mkdir) mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'a');
  } catch (error) {
    const { code = 'UNKNOWN', message } = error as NodeJS.ErrnoException;
    // Node's message is "ENOENT: no such file or directory, open '/x/app.log'": keep the description.
    const reason = message.split(', ')[0] ?? code;
    const hint = HINTS[code];
    throw new SightlineConfigError([`log.destinations: cannot open "${path}" for appending (${reason})${hint ? `; ${hint}` : ''}`]);
  }
}
