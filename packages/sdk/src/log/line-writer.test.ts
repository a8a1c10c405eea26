import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireBinaries } from '../../test/support/system-binary.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { eventually } from '../testing/index.js';
import { LineWriter, MAX_PENDING_STRING } from './line-writer.js';

/** About 300 bytes, with 2-, 3- and 4-byte UTF-8 characters: a byte/char mix-up garbles them. */
const lineOf = (i: number) => `${JSON.stringify({ i, msg: `grüße aus Köln, 5 € — 日本語 😀 ${'x'.repeat(200)}` })}\n`;
const linesOf = (count: number) => Array.from({ length: count }, (_, i) => lineOf(i));
const readLines = (file: string) => readFileSync(file, 'utf8').split(/(?<=\n)/);
/** Where a descriptor points (Linux), undefined when it is not open. */
const fdTarget = (fd: number) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
};

let dir: string;
let file: string;
const writers: LineWriter[] = [];
const track = (writer: LineWriter) => {
  writers.push(writer);
  return writer;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-line-writer-'));
  file = join(dir, 'app.log');
});

afterEach(async () => {
  await Promise.all(writers.splice(0).map((writer) => writer.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('LineWriter to a file', () => {
  it('writes lines from a tight loop in order and intact, multi-byte UTF-8 included', async () => {
    const writer = track(new LineWriter(file));
    const lines = linesOf(50_000);
    let accepted = 0;
    for (const line of lines) if (writer.write(line)) accepted++;
    await writer.flush();
    expect(accepted).toBe(lines.length);
    const written = readLines(file);
    expect(written.length).toBe(lines.length);
    expect(written.findIndex((line, i) => line !== lines[i])).toBe(-1);
    expect(writer.droppedLines).toBe(0);
  });

  it('sends a line at once when nothing is backlogged, without waiting for flush()', async () => {
    const writer = track(new LineWriter(file));
    writer.write(lineOf(1));
    await eventually(() => (readFileSync(file, 'utf8') === lineOf(1) ? true : undefined), 'the line in the file');
  });

  it('holds lines that follow a write within batchIntervalMs for one later write, which flush() starts at once', async () => {
    const writer = track(new LineWriter(file, { batchIntervalMs: 60_000 }));
    writer.write(lineOf(1));
    await eventually(() => (readFileSync(file, 'utf8') === lineOf(1) ? true : undefined), 'the first line in the file');
    writer.write(lineOf(2));
    writer.write(lineOf(3));
    // A file read is a thread-pool round trip: a write started before it would have landed.
    expect(await readFile(file, 'utf8')).toBe(lineOf(1));

    await writer.flush();
    expect(readLines(file)).toEqual(linesOf(4).slice(1));
  });

  it('does not make a flush() wait for the interval when lines came in while a write was in flight', async () => {
    const writer = track(new LineWriter(file, { batchIntervalMs: 60_000 }));
    writer.write(lineOf(0));
    // The first write is in flight (its callback cannot have run yet): these wait behind it.
    writer.write(lineOf(1));
    writer.write(lineOf(2));
    await writer.flush();
    expect(readLines(file)).toEqual(linesOf(3));
  });

  it('sends waiting lines without waiting for the interval once they reach 64 KiB', async () => {
    const writer = track(new LineWriter(file, { batchIntervalMs: 60_000 }));
    writer.write(lineOf(0));
    await eventually(() => (readFileSync(file, 'utf8') === lineOf(0) ? true : undefined), 'the first line in the file');
    const lines = linesOf(300);
    for (const line of lines.slice(1)) writer.write(line);
    // Line 0 went out alone; then as many lines as reach 64 KiB (in string length) go out at once,
    // the rest wait for the interval (or for a write in flight to finish, then go out together).
    let full = 1;
    for (let length = 0; length < 64 * 1024; full++) length += (lines[full] as string).length;
    await eventually(() => (readLines(file).length >= full ? true : undefined), 'the first 64 KiB of waiting lines in the file');
    await writer.flush();
    expect(readLines(file)).toEqual(lines);
  });

  it('resolves flush() at once when idle, and after the last line is in the file otherwise', async () => {
    const writer = track(new LineWriter(file));
    await writer.flush();
    for (const line of linesOf(2000)) writer.write(line);
    writer.write('the last line\n');
    await writer.flush();
    expect(readLines(file).at(-1)).toBe('the last line\n');
  });

  it("serves pino's logger.flush(cb): it calls back once the lines are in the file", async () => {
    const writer = track(new LineWriter(file));
    const logger = pino({ base: null, timestamp: false }, writer);
    for (let i = 0; i < 1000; i++) logger.info({ i }, 'grüße');
    await new Promise<void>((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve())));
    const numbers = readLines(file).map((line) => (JSON.parse(line) as { i: number }).i);
    expect(numbers).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('flushSync() after a burst leaves every line in the file, none twice', async () => {
    const writer = track(new LineWriter(file));
    const lines = linesOf(20_000);
    for (const line of lines) writer.write(line);
    writer.flushSync();
    // The first line went out at once: its write belongs to a libuv thread and may still be
    // under way. Every other line is in the file now, in order.
    expect(readLines(file).filter((line) => line !== lines[0])).toEqual(lines.slice(1));
    await writer.flush();
    const written = readLines(file);
    expect(written.length).toBe(lines.length);
    expect(new Set(written)).toEqual(new Set(lines));
  });

  it('keeps a synchronous burst larger than maxPendingBytes whole', async () => {
    const writer = track(new LineWriter(file, { maxPendingBytes: 1000 }));
    const lines = linesOf(100); // about 30 KB, in one turn of the event loop
    const accepted = lines.filter((line) => writer.write(line)).length;
    expect(accepted).toBe(lines.length);
    await writer.flush();
    expect(readLines(file)).toEqual(lines);
    expect(writer.droppedLines).toBe(0);
  });

  it('drops and counts, never throws, a line past MAX_PENDING_STRING characters waiting in one burst', async () => {
    const devNull = openSync('/dev/null', 'w');
    const writer = track(new LineWriter(devNull));
    // One shared 1 MiB string: the waiting lines are a rope of references, not 256 MiB of copies
    // until the batch encodes them.
    const big = `${'x'.repeat(2 ** 20 - 1)}\n`;
    let accepted = 0;
    for (let i = 0; i < MAX_PENDING_STRING / big.length + 2; i++) if (writer.write(big)) accepted++;
    // The first line leaves at once (a write after a quiet spell); the next 256 fill the string.
    expect(accepted).toBe(MAX_PENDING_STRING / big.length + 1);
    expect(writer.droppedLines).toBe(1);
    await writer.flush();
    expect(writer.droppedLines).toBe(1);
    await writer.close(); // closes /dev/null's descriptor too: the writer owns any above 2
  });

  it('close() flushes, closes the descriptor, emits close, and drops later writes without throwing', async () => {
    const writer = track(new LineWriter(file));
    const fd = writer.fd;
    expect(fdTarget(fd)).toBe(realpathSync(file));
    writer.write('kept\n');
    const closed = once(writer, 'close');
    await writer.close();
    await closed;
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
    expect(writer.fd).toBe(-1);
    expect(fdTarget(fd)).not.toBe(realpathSync(file));
    expect(writer.write('dropped\n')).toBe(false);
    expect(() => writer.flushSync()).not.toThrow();
    await writer.close();
    expect(writer.droppedLines).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
  });

  it('does not close stdout when closed', async () => {
    const writer = new LineWriter(1);
    await writer.close();
    expect(fdTarget(1)).toBeDefined();
  });

  it('creates the parent folder with mkdir: true', async () => {
    const nested = join(dir, 'a', 'b', 'app.log');
    const writer = track(new LineWriter(nested, { mkdir: true }));
    writer.write('hello\n');
    await writer.flush();
    expect(readFileSync(nested, 'utf8')).toBe('hello\n');
  });

  it('throws at construction, naming the path and the OS error, when the file cannot be opened', () => {
    const missing = join(dir, 'missing', 'app.log');
    expect(() => new LineWriter(missing)).toThrow(SightlineConfigError);
    expect(() => new LineWriter(missing)).toThrow(`"${missing}"`);
    expect(() => new LineWriter(missing)).toThrow('ENOENT');
    expect(() => new LineWriter(dir)).toThrow(/EISDIR.*names a folder/);
    expect(existsSync(missing)).toBe(false);
  });

  it('reports a failed write as an error event, counts its lines, and keeps taking lines', async () => {
    writeFileSync(file, '');
    const writer = track(new LineWriter(openSync(file, 'r')));
    const errors: NodeJS.ErrnoException[] = [];
    writer.on('error', (error: NodeJS.ErrnoException) => errors.push(error));
    writer.write('a\n');
    writer.write('b\n');
    await writer.flush();
    expect(() => writer.write('c\n')).not.toThrow();
    await writer.flush();
    expect(errors.map((error) => error.code)).toEqual(['EBADF', 'EBADF', 'EBADF']);
    expect(writer.droppedLines).toBe(3);
  });

  it('does not crash the process on a failed write when nobody listens for errors', async () => {
    writeFileSync(file, '');
    const writer = track(new LineWriter(openSync(file, 'r')));
    writer.write('a\n');
    await writer.flush();
    expect(writer.droppedLines).toBe(1);
  });

  it('reopen() starts a new file at the same path; the write in flight finishes in the old one', async () => {
    const rotated = join(dir, 'app.log.1');
    const writer = track(new LineWriter(file));
    writer.write('before rotation\n'); // in flight, to the old descriptor
    renameSync(file, rotated);
    writer.reopen();
    writer.write('after rotation\n');
    await writer.flush();
    expect(readFileSync(rotated, 'utf8')).toBe('before rotation\n');
    expect(readFileSync(file, 'utf8')).toBe('after rotation\n');
    expect(() => new LineWriter(1).reopen()).toThrow(TypeError);
  });
});

const binaries = requireBinaries(['mkfifo'], 'coreutils');

describe.skipIf(binaries.skip)('LineWriter to a non-blocking pipe whose reader does not keep up', () => {
  /** A FIFO with both ends open non-blocking in this process; nothing reads until the test does. */
  function openPipe(): { readFd: number; writeFd: number } {
    const fifo = join(dir, 'pipe');
    execFileSync(binaries.path('mkfifo'), [fifo]);
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    return { readFd, writeFd };
  }

  /** Reads what the pipe holds now. */
  function readAvailable(fd: number, into: Buffer[]): void {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw error;
      }
      if (bytes === 0) return;
      into.push(Buffer.from(chunk.subarray(0, bytes)));
    }
  }

  it('continues partial writes and retries after EAGAIN until every byte arrives, in order', async () => {
    const { readFd, writeFd } = openPipe();
    const writer = track(new LineWriter(writeFd));
    // About 450 KB: far more than a pipe holds (64 KiB on Linux).
    const lines = linesOf(1500);
    for (const line of lines) writer.write(line);
    let flushed = false;
    void writer.flush().then(() => {
      flushed = true;
    });
    await eventually(() => (writer.retries > 0 ? true : undefined), 'a write refused with EAGAIN');
    expect(flushed).toBe(false);
    const received: Buffer[] = [];
    await eventually(
      () => {
        const done = flushed; // everything was in the pipe before this read
        readAvailable(readFd, received);
        return done ? true : undefined;
      },
      'every line through the pipe',
      20_000,
    );
    closeSync(readFd);
    expect(Buffer.concat(received).toString('utf8')).toBe(lines.join(''));
    expect(writer.droppedLines).toBe(0);
  });

  it('drops and counts new lines past maxPendingBytes once the pipe stays full across turns of the event loop', async () => {
    const { readFd, writeFd } = openPipe();
    const writer = track(new LineWriter(writeFd, { maxPendingBytes: 10_000 }));
    const lines = linesOf(400); // about 120 KB: the pipe fills, the batch waits for EAGAIN retries
    for (const line of lines) writer.write(line);
    await eventually(() => (writer.retries > 0 ? true : undefined), 'a write refused with EAGAIN');
    // A burst past the bound is kept; once the event loop turned and the backlog is still there, lines are dropped.
    const backlog = linesOf(100).map((line) => `backlog ${line}`);
    expect(backlog.filter((line) => writer.write(line)).length).toBe(backlog.length);
    const probe = 'probe\n';
    let accepted = 0;
    await eventually(() => {
      if (!writer.write(probe)) return true;
      accepted++;
      return undefined;
    }, 'a line dropped');
    expect(writer.droppedLines).toBe(1);
    expect(writer.write(probe)).toBe(false);
    expect(writer.droppedLines).toBe(2);
    const received: Buffer[] = [];
    let flushed = false;
    void writer.flush().then(() => {
      flushed = true;
    });
    await eventually(
      () => {
        const done = flushed;
        readAvailable(readFd, received);
        return done ? true : undefined;
      },
      'the backlog through the pipe',
      20_000,
    );
    closeSync(readFd);
    expect(Buffer.concat(received).toString('utf8')).toBe([...lines, ...backlog, ...Array<string>(accepted).fill(probe)].join(''));
  });

  it('flushSync() gives up on a pipe nobody reads after its bounded retries, counting the lines', () => {
    const { readFd, writeFd } = openPipe();
    const writer = track(new LineWriter(writeFd));
    const lines = linesOf(1000);
    for (const line of lines) writer.write(line);
    writer.flushSync(); // about a second of retries, then the pending 999 lines are given up
    expect(writer.retries).toBeGreaterThanOrEqual(100);
    expect(writer.droppedLines).toBe(999);
    closeSync(readFd);
  });
});
