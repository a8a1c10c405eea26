import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObserver, type Observer } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerServer, startAlertmanager } from '../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { runCli } from '../../src/program.js';
import { captureIo } from '../support/capture-io.js';

const binaries = requireBinaries(['amtool', 'prometheus-alertmanager'], 'prometheus-alertmanager');

const SPEC = `version: sightline/v1
service: orders-api
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders/:id] } }
  - name: latency
    objective: 99
    sli: { latency: { threshold: 0.5, routes: [/orders/:id] } }
`;
const ALERTMANAGER_YML = `route:
  receiver: oncall
  group_by: [service, slo]
receivers:
  - name: oncall
    webhook_configs: [{ url: "http://127.0.0.1:9/alerts" }]
`;

interface DoctorJson {
  level: number;
  checks: { id: string; level: number; pass: boolean; detail: string; fix?: string }[];
  missing: { id: string }[];
}

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('sightline doctor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-doctor-'));
  const logFile = join(dir, 'orders.log');
  let observer: Observer;
  let sdk: { server: Server; url: string };
  let bare: { server: Server; url: string };

  beforeAll(async () => {
    writeFileSync(join(dir, 'orders.slo.yaml'), SPEC);
    writeFileSync(join(dir, 'bad-latency.slo.yaml'), SPEC.replace('threshold: 0.5', 'threshold: 0.3'));
    writeFileSync(join(dir, 'alertmanager.yml'), ALERTMANAGER_YML);
    // A bare node:http service: answers every path with 200 "ok", logs nothing.
    bare = await listen((_req, res) => res.end('ok'));
    // A real SDK service: JSON logs to a file, RED metrics by route template, probes, traces.
    observer = createObserver({
      serviceName: 'orders-api',
      env: {},
      registerGlobal: false,
      log: { level: 'info', destinations: [{ path: logFile }] },
      trace: { enabled: true, exporter: 'none' },
      http: { routes: ['/orders/:id'] },
    });
    observer.health.markStarted();
    sdk = await listen(
      sightlineHandler(observer, (req, res) => {
        if (req.url === '/metrics') return observer.metricsHandler(req, res);
        res.end('{"id":42}');
      }),
    );
    // Traffic with ids in the path: the metrics must still show the template.
    for (const id of [1, 2, 3]) expect((await fetch(`${sdk.url}/orders/${id}`)).status).toBe(200);
  });

  afterAll(async () => {
    await new Promise((resolve) => bare?.server.close(resolve));
    await new Promise((resolve) => sdk?.server.close(resolve));
    await observer?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const doctor = async (...args: string[]) => {
    const cli = captureIo({}, dir);
    const code = await runCli(['doctor', ...args], cli.io);
    return { code, out: cli.out(), err: cli.err() };
  };
  const json = async (...args: string[]) => {
    const result = await doctor(...args, '--json');
    expect(result.err).toBe('');
    return JSON.parse(result.out) as DoctorJson;
  };
  const check = (report: DoctorJson, id: string) => report.checks.find((one) => one.id === id);

  it('scores a bare node:http server 0: a catch-all 200 is no probe and no metrics', async () => {
    const report = await json('--target', bare.url);
    expect(report.level).toBe(0);
    expect(report.checks.every((one) => !one.pass)).toBe(true);
    expect(check(report, 'metrics')?.detail).toMatch(/→ 200, but no Prometheus samples/);
    expect(check(report, 'ready')?.detail).toContain('/readyz → 200');
    expect(check(report, 'ready')?.detail).toContain('the same answer as any other path, no probe');
    expect(check(report, 'trace')?.detail).toMatch(/no traceresponse header, and no --log/);
    expect(report.missing.map((one) => one.id)).toEqual(['metrics', 'logs']);

    const text = await doctor('--target', bare.url);
    expect(text.code).toBe(0);
    expect(text.out).toContain('maturity level 0 of 4: dark');
    expect(text.out).toContain('missing for level 1, signals (either):');
    expect(text.out).toContain('  - metrics endpoint: GET');
  });

  it('scores the SDK service 3 with its log file: RED metrics, probes, a continued trace, trace ids in the logs', async () => {
    const report = await json('--target', sdk.url, '--log', logFile, '--request-path', '/orders/7');
    expect(report.checks.filter((one) => !one.pass).map((one) => one.id)).toEqual(['slo', 'alerts']);
    expect(report.level).toBe(3);
    expect(check(report, 'red')?.detail).toBe(
      'http_server_request_duration_seconds: histogram by http_request_method, http_route, http_response_status_code',
    );
    expect(check(report, 'routes')?.detail).toContain('/orders/:id');
    expect(check(report, 'ready')?.detail).toBe('GET /readyz → 200');
    expect(check(report, 'trace')?.detail).toMatch(/logs it with the service's span [0-9a-f]{16}$/);
    expect(report.missing.map((one) => one.id)).toEqual(['slo', 'alerts']);

    const text = await doctor('--target', sdk.url, '--log', logFile);
    expect(text.out).toContain('maturity level 3 of 4: correlated');
    expect(text.out).toContain('  - SLOs defined: no --slo given;');
    expect(text.out).toContain('  - alert routing: no --alertmanager or --alert-config given;');
  });

  it('without the log file the trace cannot be confirmed: level 2', async () => {
    const report = await json('--target', sdk.url);
    expect(report.level).toBe(2);
    expect(report.missing.map((one) => one.id)).toEqual(['trace', 'log-trace-ids']);
  });

  it('refuses an SLO whose latency threshold the live histogram has no bucket for', async () => {
    const report = await json('--target', sdk.url, '--log', logFile, '--slo', 'bad-latency.slo.yaml');
    expect(check(report, 'slo')).toMatchObject({ pass: false });
    expect(check(report, 'slo')?.detail).toContain('0.3 s is not a bucket boundary');
  });

  describe.skipIf(binaries.skip)('with alert routing (amtool, a real Alertmanager)', () => {
    let alertmanager: AlertmanagerServer;
    beforeAll(async () => {
      alertmanager = await startAlertmanager(binaries.path('prometheus-alertmanager'), ALERTMANAGER_YML);
    }, 30_000);
    afterAll(async () => {
      await alertmanager?.stop();
    });

    it('scores the SDK service 4 with its SLOs and an alertmanager.yml amtool accepts', async () => {
      const args = ['--target', sdk.url, '--log', logFile, '--slo', 'orders.slo.yaml', '--alert-config', 'alertmanager.yml'];
      const report = await json(...args);
      expect(report.checks.filter((one) => !one.pass)).toEqual([]);
      expect(report.level).toBe(4);
      expect(check(report, 'slo')?.detail).toBe(
        `orders-api/availability 99.9 %, orders-api/latency 99 %, metrics found on ${sdk.url}/metrics`,
      );
      expect(check(report, 'alerts')?.detail).toMatch(/amtool check-config .*alertmanager\.yml: SUCCESS, 1 receivers/);
      const text = await doctor(...args, '--min-level', '4');
      expect(text.code).toBe(0);
      expect(text.out).toContain('maturity level 4 of 4: objective-driven');
    });

    it('scores 4 with a running Alertmanager, and names a config amtool refuses', async () => {
      const report = await json('--target', sdk.url, '--log', logFile, '--slo', 'orders.slo.yaml', '--alertmanager', alertmanager.url);
      expect(report.level).toBe(4);
      expect(check(report, 'alerts')?.detail).toMatch(/^Alertmanager \S+ at http/);

      writeFileSync(join(dir, 'broken.yml'), 'route:\n  receiver: nobody\nreceivers: []\n');
      const broken = await json('--target', sdk.url, '--log', logFile, '--slo', 'orders.slo.yaml', '--alert-config', 'broken.yml');
      expect(broken.level).toBe(3);
      expect(check(broken, 'alerts')?.detail).toMatch(/amtool check-config .*broken\.yml refused it: .*nobody/);
    });
  });

  it('exits 1 below --min-level, and names an unreachable target', async () => {
    const below = await doctor('--target', bare.url, '--min-level', '1');
    expect(below.code).toBe(1);
    expect(below.err).toContain('is at level 0, below --min-level 1');
    bare.server.closeAllConnections();
    const { port } = bare.server.address() as AddressInfo;
    await new Promise((resolve) => bare.server.close(resolve));
    const gone = await doctor('--target', `http://127.0.0.1:${port}`);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`cannot reach http://127.0.0.1:${port}: is the service running?`);
  });
});
