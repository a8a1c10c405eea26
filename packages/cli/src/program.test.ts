import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHeapProfile, encodeGzipped, type FrameSpec } from '../test/support/build-profile.js';
import { captureIo } from '../test/support/capture-io.js';
import { closedPort } from '../test/support/local-server.js';
import { runCli } from './program.js';

const leak: FrameSpec = { fn: 'retainOrderSnapshots', file: 'file:///srv/app/cache.js', line: 42 };
const steady: FrameSpec = { fn: 'parseBody', file: 'file:///srv/app/body.js', line: 7 };

describe('sightline', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-program-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('diffs two profile files offline, like pprof -base, without a target', async () => {
    writeFileSync(join(directory, 'before.pb.gz'), encodeGzipped(buildHeapProfile([{ stack: [steady], objects: 10, bytes: 50_000 }])));
    writeFileSync(
      join(directory, 'after.pb.gz'),
      encodeGzipped(
        buildHeapProfile([
          { stack: [steady], objects: 10, bytes: 60_000 },
          { stack: [leak], objects: 900, bytes: 9_000_000 },
        ]),
      ),
    );
    const { io, out, err } = captureIo({}, directory);
    const code = await runCli(['debug', 'heap-diff', '--base', 'before.pb.gz', '--profile', 'after.pb.gz', '--top', '1'], io);
    expect(err()).toBe('');
    expect(code).toBe(0);
    const rows = out().split('\n');
    const header = rows.findIndex((line) => line.startsWith('growth'));
    expect(rows[header + 1]).toContain('retainOrderSnapshots');
    expect(rows[header + 2]).toBe('');
  });

  it.each([
    [['debug', 'heap-diff', '--interval', 'soon'], `option '--interval <duration>' argument 'soon' is invalid. "soon" is not a duration`],
    [['debug', 'cpu', '--format', 'svg'], 'Allowed choices are pprof, cpuprofile'],
    [['console', '--memory', '--log-level', 'verbose'], 'Allowed choices are error, warn, info, debug'],
    [['debug', 'heap-diff', '--top', '0'], '"0" is not a positive whole number'],
    [['debug', 'heap-diff', '--base', 'a.pb.gz'], 'an offline diff needs both --base <file> and --profile <file>'],
    [['debug', 'cpu', '--target', 'ftp://host'], 'must be an http:// or https:// URL'],
    [['debug', 'toggle', '--off', '--route', '/orders/:id'], "option '--off' cannot be used with option '--route <template>'"],
    [['debug', 'frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 for the usage error %j and says what is wrong', async (argv, message) => {
    const { io, err } = captureIo({}, directory);
    expect(await runCli(argv, io)).toBe(2);
    expect(err()).toContain(message);
  });

  it('exits 0 for --help and prints it to stdout', async () => {
    const { io, out } = captureIo({}, directory);
    expect(await runCli(['debug', 'heap-diff', '--help'], io)).toBe(0);
    expect(out()).toContain('--interval <duration>');
    expect(out()).toContain('(default: 30s)');
  });

  it('exits 1 with the reason when the service cannot be reached or a file cannot be read', async () => {
    const refused = captureIo({}, directory);
    const target = `http://127.0.0.1:${await closedPort()}`;
    expect(await runCli(['debug', 'heap', '--target', target], refused.io)).toBe(1);
    expect(refused.err()).toBe(
      `sightline: cannot connect to ${target}: connection refused; is the debug server enabled? (SIGHTLINE_DEBUG=true)\n`,
    );
    const missing = captureIo({}, directory);
    expect(await runCli(['debug', 'heap-diff', '--base', 'nope.pb.gz', '--profile', 'nope2.pb.gz'], missing.io)).toBe(1);
    expect(missing.err()).toContain(`cannot read ${join(directory, 'nope.pb.gz')}`);
  });
});
