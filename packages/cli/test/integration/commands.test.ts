import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureService, runSightline, startFixture } from '../support/processes.js';

const TOKEN = 'commands-test-token-0123456789ab';
const ENV = { SIGHTLINE_DEBUG_TOKEN: TOKEN };

function firstBytes(path: string, count: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    return buffer.subarray(0, readSync(fd, buffer, 0, count, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

describe('sightline debug heap, toggle and inspect against a child process', () => {
  let service: FixtureService;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'sightline-commands-'));
    service = await startFixture('leaky-service.ts', { TEST_DEBUG_TOKEN: TOKEN, TEST_LEAK: 'off' });
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('prints heap statistics by default, byte counts readable', async () => {
    const run = await runSightline(['debug', 'heap', '--target', service.debugUrl], ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^heap:\n {2}total_heap_size: \d+\.?\d* [KMG]iB \(\d+\)$/m);
    expect(run.stdout).toMatch(/^memory:\n {2}rss: /m);
  });

  it('saves the heap profile under a default name in the current folder', async () => {
    const run = await runSightline(['debug', 'heap', '--profile', '--target', service.debugUrl], ENV, { cwd: outDir });
    expect(run.code, run.stderr).toBe(0);
    const saved = readdirSync(outDir).filter((file) => /^127\.0\.0\.1-\d+-heap-\d{8}-\d{6}\.pb\.gz$/.test(file));
    expect(saved).toHaveLength(1);
    const profile = Profile.decode(gunzipSync(readFileSync(join(outDir, saved[0]!))));
    expect(profile.sampleType.map((type) => profile.stringTable.strings[Number(type.type)])).toEqual(['objects', 'space']);
    expect(run.stdout).toContain('heap sampling started with this request');
  });

  it('streams a heap snapshot to a .heapsnapshot file with byte progress', async () => {
    const out = join(outDir, 'service.heapsnapshot');
    const run = await runSightline(['debug', 'heap', '--snapshot', '--target', service.debugUrl, '--out', out], ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(firstBytes(out, 200)).toMatch(/^\{"snapshot":\{"meta":/);
    expect(readdirSync(outDir).some((file) => file.endsWith('.part'))).toBe(false);
    expect(run.stderr).toContain('the service pauses while V8 walks its heap');
    expect(run.stdout).toMatch(/^saved heap snapshot \(\d+\.?\d* [KMG]iB in \d+\.\d s\) to /);
  });

  it('turns the debug toggle on for a route, shows it, and turns it off', async () => {
    const on = await runSightline(['debug', 'toggle', '--target', service.debugUrl, '--route', '/orders/:id', '--for', '2m'], ENV);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^debug toggle: on for route \/orders\/:id, at debug, \w+ left \(until /);
    const status = await runSightline(['debug', 'toggle', '--target', service.debugUrl], ENV);
    expect(status.stdout).toMatch(/^debug toggle: on for route \/orders\/:id/);
    const off = await runSightline(['debug', 'toggle', '--off', '--target', service.debugUrl], ENV);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^debug toggle: off/);
  });

  it("passes the server's reason on when it refuses a setting", async () => {
    const run = await runSightline(['debug', 'toggle', '--target', service.debugUrl, '--route', 'orders'], ENV);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('POST /debug/toggle failed with HTTP 400: ');
    expect(run.stderr).toContain('route must be a route template or path starting with "/"');
  });

  it('opens the inspector with a ws URL and the chrome://inspect hint, then closes it', async () => {
    const open = await runSightline(['debug', 'inspect', '--target', service.debugUrl, '--timeout', '1m'], ENV);
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/^inspector open: ws:\/\/127\.0\.0\.1:\d+\/[\w-]+ \(closes by itself at /);
    expect(open.stdout).toContain('chrome://inspect');
    const status = await runSightline(['debug', 'inspect', '--status', '--target', service.debugUrl], ENV);
    expect(status.stdout).toMatch(/^inspector: open at ws:\/\//);
    const close = await runSightline(['debug', 'inspect', '--close', '--target', service.debugUrl], ENV);
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout).toBe('inspector: closed\n');
  });
});
