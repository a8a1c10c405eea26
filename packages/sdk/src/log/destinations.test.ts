import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../sightline-error/index.js';
import { createLogOutput } from './destinations.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DESTINATIONS = new URL('./destinations.ts', import.meta.url).href;

/** Runs an ES module from source in a real Node process; resolves with its stdout and exit code. */
async function runChild(script: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code };
}

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-destinations-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createLogOutput', () => {
  it('gets lines still pending at process.exit() onto a non-blocking stdout pipe, none twice, also after close()', async () => {
    const lines = 20_000; // about 2.4 MB: the pipe to this process fills again and again
    const { stdout, stderr, code } = await runChild(`
      import { createLogOutput } from ${JSON.stringify(DESTINATIONS)};
      void process.stdout; // as in any app that touched it: Node makes the stdout pipe non-blocking
      const output = createLogOutput(['stdout'], false);
      output.stream.write('before close\\n');
      await output.close(); // the shutdown's close phase flushes stdout and leaves it open
      for (let i = 0; i < ${lines}; i++) output.stream.write(JSON.stringify({ i, msg: 'grüße ${'x'.repeat(100)}' }) + '\\n');
      process.exit(0);
    `);
    expect(code, stderr).toBe(0);
    const [first, ...rest] = stdout.split('\n').filter((line) => line !== '');
    expect(first).toBe('before close');
    const numbers = rest.map((line) => (JSON.parse(line) as { i: number }).i);
    // Line 0 went out at once and belongs to a libuv thread at exit (see LineWriter.flushSync):
    // it cannot be written twice, and every line after it was flushed by the exit hook.
    expect(numbers.filter((i) => i === 0).length).toBeLessThanOrEqual(1);
    expect(numbers.filter((i) => i !== 0)).toEqual(Array.from({ length: lines - 1 }, (_, i) => i + 1));
  });

  it('pretty-prints stdout through pino-pretty, which only a pretty-printing process loads', async () => {
    const { stdout, stderr, code } = await runChild(`
      import { createRequire } from 'node:module';
      import { createLogOutput } from ${JSON.stringify(DESTINATIONS)};
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).some((path) => path.includes('/pino-pretty/'));
      const atImport = loaded();
      createLogOutput(['stdout'], false);
      const withJson = loaded();
      const output = createLogOutput(['stdout'], true);
      output.stream.write(JSON.stringify({ level: 30, time: 0, msg: 'hello pretty' }) + '\\n');
      console.error(JSON.stringify({ atImport, withJson, withPretty: loaded() }));
    `);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stderr.trim().split('\n').at(-1) as string)).toEqual({ atImport: false, withJson: false, withPretty: true });
    expect(stdout).toMatch(/INFO.*hello pretty/);
  });

  it('fails setup with a named error naming the path when a file destination cannot be opened', () => {
    const path = join(dir, 'missing', 'app.log');
    expect(() => createLogOutput([{ path, mkdir: false }], false)).toThrow(SightlineConfigError);
    expect(() => createLogOutput([{ path, mkdir: false }], false)).toThrow(`"${path}"`);
  });

  it('writes every line to each file destination and closes them on close()', async () => {
    const files = [join(dir, 'a.log'), join(dir, 'logs', 'b.log')];
    const output = createLogOutput(
      files.map((path) => ({ path })),
      false,
    );
    const logger = pino({ base: null, timestamp: false }, output.stream);
    for (let i = 0; i < 1000; i++) logger.info({ i });
    await output.close();
    expect(() => logger.info('after close')).not.toThrow();
    const expected = Array.from({ length: 1000 }, (_, i) => `{"level":30,"i":${i}}\n`).join('');
    for (const path of files) expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});

describe('reportWriteErrors', () => {
  it('says the first failed write at once, then at most one line a minute with the count since', async () => {
    const { EventEmitter } = await import('node:events');
    const { reportWriteErrors } = await import('./destinations.js');
    const writer = new EventEmitter();
    const said: string[] = [];
    let time = 0;
    reportWriteErrors(
      writer as never,
      '/var/log/app.log',
      (text) => said.push(text),
      () => time,
    );
    const fail = (at: number) => {
      time = at;
      writer.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    };
    fail(0);
    fail(1_000);
    fail(30_000);
    expect(said).toEqual(['sightline: writing log lines to /var/log/app.log failed (ENOSPC); failed lines are dropped\n']);
    fail(61_000);
    expect(said).toHaveLength(2);
    expect(said[1]).toBe(
      'sightline: writing log lines to /var/log/app.log failed (ENOSPC); failed lines are dropped; 3 failed writes in the last 61 s\n',
    );
    fail(62_000);
    expect(said).toHaveLength(2);
  });
});
