import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type FixtureService, runSightline, startFixture } from '../support/processes.js';

const TOKEN = 'cpu-test-token-0123456789abcdef';

describe('sightline debug cpu against a busy child process', () => {
  let service: FixtureService;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'sightline-cpu-'));
    service = await startFixture('leaky-service.ts', { TEST_DEBUG_TOKEN: TOKEN, TEST_LEAK: 'off' });
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  /**
   * Runs the CLI while requests keep the service's CPU busy in burnCpuForChecksums(). The load
   * is already burning when the CLI starts (its own start-up takes a while on a loaded machine).
   */
  async function whileBurning(start: () => Promise<CliRun>): Promise<CliRun> {
    let done = false;
    let burned = 0;
    let firstBurn: () => void = () => {};
    const burning = new Promise<void>((resolve) => {
      firstBurn = resolve;
    });
    const load = (async () => {
      while (!done) {
        await fetch(`${service.serviceUrl}/burn?ms=50`).then((response) => response.text());
        if (++burned === 1) firstBurn();
      }
    })();
    try {
      await Promise.race([burning, load]);
      // The service also burns on its own: this test process may be starved on a loaded
      // machine, and its requests alone would leave the service idle through the window.
      await fetch(`${service.serviceUrl}/busy?ms=15000`).then((response) => response.text());
      return await start();
    } finally {
      done = true;
      await load;
      // Not masking the test's own failure if the service is gone.
      await fetch(`${service.serviceUrl}/busy?ms=0`).then(
        (response) => response.text(),
        () => undefined,
      );
    }
  }

  it('writes a gzipped pprof file that decodes and holds the busy function', async () => {
    const out = join(outDir, 'busy.pb.gz');
    const run = await whileBurning(() =>
      runSightline(['debug', 'cpu', '--target', service.debugUrl, '--seconds', '2', '--out', out], { SIGHTLINE_DEBUG_TOKEN: TOKEN }),
    );
    const details = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nservice:\n${service.output()}`;
    expect(run.code, details).toBe(0);
    expect(run.stdout).toContain(`saved CPU profile (2s, `);
    expect(run.stdout).toContain(`go tool pprof -http=: ${out}`);
    expect(run.stderr).toContain('profiling CPU of 127.0.0.1:');

    const profile = Profile.decode(gunzipSync(readFileSync(out)));
    const strings = profile.stringTable.strings;
    expect(profile.sample.length).toBeGreaterThan(0);
    const functions = profile.function.map((fn) => strings[Number(fn.name)]);
    expect(functions, `${profile.sample.length} samples; ${details}`).toContain('burnCpuForChecksums');
  });

  it('saves a Chrome .cpuprofile named <host>-<port>-cpu-<time> in the current folder when asked for that format', async () => {
    const run = await runSightline(
      ['debug', 'cpu', '--target', service.debugUrl, '--seconds', '1', '--format', 'cpuprofile'],
      {
        SIGHTLINE_DEBUG_TOKEN: TOKEN,
      },
      { cwd: outDir },
    );
    expect(run.code, run.stderr).toBe(0);
    const port = new URL(service.debugUrl).port;
    const saved = readdirSync(outDir).filter((file) => file.endsWith('.cpuprofile'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(new RegExp(`^127\\.0\\.0\\.1-${port}-cpu-\\d{8}-\\d{6}\\.cpuprofile$`));
    const chrome = JSON.parse(readFileSync(join(outDir, saved[0]!), 'utf8')) as { nodes: unknown[]; samples: unknown[] };
    expect(chrome.nodes.length).toBeGreaterThan(0);
    expect(run.stdout).toContain('Chrome DevTools → Performance');
  });

  it('exits 1 with "token rejected" and saves nothing when the token is wrong', async () => {
    const before = readdirSync(outDir);
    const out = join(outDir, 'never.pb.gz');
    const run = await runSightline(['debug', 'cpu', '--target', service.debugUrl, '--seconds', '1', '--out', out], {
      SIGHTLINE_DEBUG_TOKEN: 'not-the-token-0123456789',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sightline: token rejected by http://127.0.0.1:');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(outDir)).toEqual(before);
  });
});
