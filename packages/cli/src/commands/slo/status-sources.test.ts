import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../../test/support/capture-io.js';
import { runCli } from '../../program.js';
import { prometheusApiUrl } from './prometheus-url.js';

const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'orders.slo.yaml'),
  'version: sightline/v1\nservice: orders-api\nslos:\n  - name: availability\n    objective: 99.9\n    sli: { availability: {} }\n',
);

/** A port nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function status(args: string[], env: Record<string, string> = {}) {
  const cli = captureIo(env, dir);
  const code = await runCli(['slo', 'status', 'orders.slo.yaml', ...args], cli.io);
  return { code, err: cli.err() };
}

describe('prometheusApiUrl', () => {
  it("keeps the base's own path (a Prometheus behind --web.route-prefix) and takes a host:port as http", () => {
    expect(prometheusApiUrl('http://127.0.0.1:9091/prometheus/', '/api/v1/query').href).toBe(
      'http://127.0.0.1:9091/prometheus/api/v1/query',
    );
    expect(prometheusApiUrl('127.0.0.1:9090', '/api/v1/query').href).toBe('http://127.0.0.1:9090/api/v1/query');
    expect(prometheusApiUrl('https://prom.example.com', '/api/v1/query').href).toBe('https://prom.example.com/api/v1/query');
  });

  it('refuses what is no http(s) URL as a usage error naming the flag', () => {
    expect(() => prometheusApiUrl('ftp://host', '/api/v1/query')).toThrow(
      /--prometheus: expected a Prometheus URL such as http:\/\/127\.0\.0\.1:9090, got "ftp:\/\/host"/,
    );
    expect(() => prometheusApiUrl('http://', '/api/v1/query')).toThrow(/--prometheus: expected a Prometheus URL/);
  });
});

describe('sightline slo status: where the SLIs are read', () => {
  it('takes an explicit --console over SIGHTLINE_PROMETHEUS_URL (the variable is no second source)', async () => {
    const port = await closedPort();
    const result = await status(['--console', `http://127.0.0.1:${port}`], { SIGHTLINE_PROMETHEUS_URL: 'http://127.0.0.1:9090' });
    expect(result.err).toContain(`cannot reach the console at http://127.0.0.1:${port}`);
    expect(result.err).not.toContain('give one source');
  });

  it('reads SIGHTLINE_CONSOLE_URL when no flag is given, as the README says', async () => {
    const port = await closedPort();
    const result = await status([], { SIGHTLINE_CONSOLE_URL: `http://127.0.0.1:${port}` });
    expect(result.err).toContain(`cannot reach the console at http://127.0.0.1:${port}`);
  });

  it('says an unreachable Prometheus in a line: where, and why', async () => {
    const port = await closedPort();
    const result = await status(['--prometheus', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(1);
    expect(result.err.trim()).toBe(`sightline: cannot reach http://127.0.0.1:${port}/api/v1/query (connection refused)`);
  });

  it('answers a --prometheus that is no URL with a usage error (exit 2), not a stack trace', async () => {
    const result = await status(['--prometheus', 'http://']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--prometheus: expected a Prometheus URL');
    expect(result.err).not.toContain('    at ');
  });
});
