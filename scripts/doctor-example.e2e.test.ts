import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../packages/cli/src/program.js';
import { captureIo } from '../packages/cli/test/support/capture-io.js';
import { requireBinaries } from '../packages/sdk/test/support/system-binary.js';
import { postgresProcessesFor, type StartedExample, startExample } from './fixtures/npm-start.js';

const amtool = requireBinaries(['amtool'], 'prometheus-alertmanager');

// The orders API's own SLO spec (the one the service counts in process and deploy/ generates from).
const SPEC = resolve('examples/orders-api/sightline.slo.yaml');

interface DoctorJson {
  level: number;
  checks: { id: string; pass: boolean; detail: string }[];
}

describe.skipIf(amtool.skip)('sightline doctor against the running example (npm start)', () => {
  let dir = '';
  let dataDir = '';
  let example: StartedExample | undefined;
  afterAll(async () => {
    if (example !== undefined) {
      example.child.kill('SIGINT');
      expect(await example.exited).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    }
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('scores the orders API 3 from outside with its log, and 4 with its SLOs and the deploy/ alertmanager.yml', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sightline-doctor-example-'));
    // Postgres runs as its own user when we are root, and must reach pg/.
    await chmod(dir, 0o755);
    dataDir = join(dir, 'pg');
    example = await startExample(dir, dataDir);
    const log = join(dir, 'orders-api.log');
    // The traffic generator has reached /orders (the SLIs' series exist) once the log shows it.
    const deadline = Date.now() + 60_000;
    const ordersServed = () => existsSync(log) && /"route":"\/orders"/.test(readFileSync(log, 'utf8'));
    while (Date.now() < deadline && !ordersServed()) await new Promise((done) => setTimeout(done, 250));
    expect(ordersServed()).toBe(true);

    const doctor = async (...args: string[]) => {
      const cli = captureIo({}, dir);
      const code = await runCli(
        ['doctor', '--target', example!.ordersUrl, '--log', log, '--request-path', '/products', '--json', ...args],
        cli.io,
      );
      expect(cli.err()).toBe('');
      expect(code).toBe(0);
      return JSON.parse(cli.out()) as DoctorJson;
    };
    const without = await doctor();
    expect(without.checks.filter((check) => !check.pass).map((check) => check.id)).toEqual(['slo', 'alerts']);
    expect(without.level).toBe(3);

    const full = await doctor('--slo', SPEC, '--alert-config', resolve('deploy/alertmanager/alertmanager.yml'));
    expect(full.checks.filter((check) => !check.pass)).toEqual([]);
    expect(full.level).toBe(4);
  });
});
