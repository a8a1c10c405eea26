import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/testing/index.js';
import { type ChildService, type LogLine, startChildService } from './child-service.js';

const TOKEN = 'integration-debug-token-0123456789';
const HEADER_SECRET = 'otlp-header-secret-4f9a2c';
const ENV_SECRET = 'env-secret-value-8d1e7b';
const SPECIAL_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

interface DebugAddress {
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

async function startDebugService(extraEnv: Record<string, string> = {}): Promise<{ child: ChildService; debug: DebugAddress }> {
  const child = await startChildService('debug-service.ts', {
    SIGHTLINE_DEBUG: 'true',
    SIGHTLINE_DEBUG_PORT: '0',
    SIGHTLINE_DEBUG_TOKEN: TOKEN,
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team=${HEADER_SECRET}`,
    FIXTURE_SECRET: ENV_SECRET,
    ...extraEnv,
  });
  const ready = await child.waitForLog((line) => line.msg === 'fixture debug server ready', 'announcing the debug address');
  return { child, debug: ready.debug_address as DebugAddress };
}

/** Function names by function id. */
function functionNames(profile: Profile): Map<number, string> {
  const strings = profile.stringTable.strings;
  return new Map(profile.function.map((fn) => [Number(fn.id), strings[Number(fn.name)] as string]));
}

/** The profile's busiest leaf functions, for a failure message: what the process did instead. */
function topLeaves(profile: Profile, count = 8): string {
  const names = functionNames(profile);
  const leafOf = new Map(profile.location.map((location) => [Number(location.id), names.get(Number(location.line[0]?.functionId))]));
  const totals = new Map<string, number>();
  for (const sample of profile.sample) {
    const leaf = leafOf.get(Number(sample.locationId[0])) ?? '?';
    totals.set(leaf, (totals.get(leaf) ?? 0) + Number(sample.value[0]));
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, samples]) => `${name} ${samples}`)
    .join(', ');
}

/** The share of CPU time (idle and GC excluded) whose stack contains `functionName`. */
function shareOfBusySamplesIn(profile: Profile, functionName: string): number {
  const strings = profile.stringTable.strings;
  const names = functionNames(profile);
  const frameNames = new Map(
    profile.location.map((location) => [Number(location.id), location.line.map((line) => names.get(Number(line.functionId)) as string)]),
  );
  const cpuIndex = profile.sampleType.findIndex((type) => strings[Number(type.type)] === 'cpu');
  let busy = 0;
  let inFunction = 0;
  for (const sample of profile.sample) {
    const stack = sample.locationId.flatMap((id) => frameNames.get(Number(id)) ?? []);
    if (SPECIAL_FRAMES.has(stack[0] as string)) continue;
    const value = Number(sample.value[cpuIndex]);
    busy += value;
    if (stack.includes(functionName)) inFunction += value;
  }
  return busy === 0 ? 0 : inFunction / busy;
}

describe('debug server in a real child process', () => {
  let child: ChildService;
  let debug: DebugAddress;
  const authorized = { authorization: `Bearer ${TOKEN}` };
  const get = (path: string, headers: Record<string, string> = authorized) => fetch(`${debug.url}${path}`, { headers });
  const post = (path: string) => fetch(`${debug.url}${path}`, { method: 'POST', headers: authorized });
  const activeCpuProfile = async () => ((await (await get('')).json()) as { active: { cpuProfile: boolean } }).active.cpuProfile;

  beforeAll(async () => {
    ({ child, debug } = await startDebugService());
  });

  afterAll(async () => {
    const exit = await child?.stop();
    // SIGTERM → observer.shutdown() closes the debug server (and its heap sampling): a clean exit.
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('listens on loopback by default, on a port of its own', () => {
    expect(debug.host).toBe('127.0.0.1');
    expect(debug.url).toBe(`http://127.0.0.1:${debug.port}/debug`);
    expect(child.url).not.toBe(`http://127.0.0.1:${debug.port}`);
  });

  it('refuses requests without the token or with a wrong one, and logs each refusal', async () => {
    const missing = await fetch(`${debug.url}/runtime`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await get('/heap/stats', { authorization: 'Bearer not-the-token-at-all-000' });
    expect(wrong.status).toBe(401);
    const refused = (path: string) => (line: LogLine) =>
      line.msg === 'debug server refused a request without a valid bearer token' && line.path === path;
    expect(await child.waitForLog(refused('/debug/runtime'), 'refusal of /debug/runtime')).toMatchObject({
      level: 40,
      remote_address: '127.0.0.1',
    });
    await child.waitForLog(refused('/debug/heap/stats'), 'refusal of /debug/heap/stats');
    expect(JSON.stringify(child.logs)).not.toContain(TOKEN);
  });

  it('serves nothing of it on the service port', async () => {
    for (const path of ['/debug', '/debug/pprof/profile?seconds=1', '/debug/heap/stats']) {
      const response = await fetch(`${child.url}${path}`, { headers: authorized });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('not found');
    }
  });

  it('captures a pprof CPU profile in which the hot function of a busy endpoint is on top, one profile at a time', async () => {
    let hammering = true;
    let burns = 0;
    const hammer = async () => {
      while (hammering) {
        await (await fetch(`${child.url}/burn`)).text();
        burns++;
      }
    };
    const hammers = [hammer(), hammer()];
    // The process also burns on its own: on a loaded machine this test process may be starved
    // for seconds and its requests alone would leave the child idle through the window.
    expect((await fetch(`${child.url}/busy?ms=5000`)).status).toBe(200);
    try {
      const profiling = get('/pprof/profile?seconds=2');
      await eventually(async () => ((await activeCpuProfile()) ? true : undefined), 'the CPU profile to start', {
        retryErrors: true,
        timeoutMs: 5000,
        intervalMs: 20,
      });
      const second = await get('/pprof/profile?seconds=1');
      expect(second.status).toBe(409);
      expect(await second.json()).toEqual({ error: expect.stringContaining('already being captured') });

      const response = await profiling;
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toMatch(/filename="debug-fixture-cpu-\d{8}T\d{6}Z\.pb\.gz"/);
      const profile = Profile.decode(gunzipSync(Buffer.from(await response.arrayBuffer())));
      const strings = profile.stringTable.strings;
      expect(profile.sampleType.map((type) => strings[Number(type.type)])).toEqual(['samples', 'cpu']);
      // By inclusive time (on the stack, not only the leaf): under a loaded machine V8 may inline
      // the hot function's callees or attribute leaf time to builtins, but the stacks keep it.
      expect(
        shareOfBusySamplesIn(profile, 'burnCpuForProfile'),
        `${burns} burns served; top leaves: ${topLeaves(profile)}`,
      ).toBeGreaterThan(0.3);
    } finally {
      hammering = false;
      await Promise.all(hammers);
      await fetch(`${child.url}/busy?ms=0`).catch(() => undefined); // not masking the test's own failure
    }
  });

  it('captures a Chrome .cpuprofile that DevTools can load', async () => {
    const response = await get('/pprof/profile?seconds=1&format=cpuprofile');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/\.cpuprofile"$/);
    const profile = (await response.json()) as {
      nodes: { callFrame: { functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
    expect(profile.nodes[0]?.callFrame.functionName).toBe('(root)');
    expect(profile.samples.length).toBe(profile.timeDeltas.length);
  });

  it('streams a heap snapshot that parses as a V8 snapshot', async () => {
    const response = await get('/heap/snapshot');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/filename="debug-fixture-heap-\d{8}T\d{6}Z\.heapsnapshot"/);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    const snapshot = JSON.parse(await response.text()) as {
      snapshot: { meta: { node_fields: string[] }; node_count: number };
      nodes: number[];
    };
    expect(snapshot.snapshot.meta.node_fields).toContain('name');
    expect(snapshot.nodes.length).toBe(snapshot.snapshot.node_count * snapshot.snapshot.meta.node_fields.length);
  });

  it('serves the heap sampling profile as pprof, sampling from the first request on', async () => {
    const first = await get('/pprof/heap');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-sightline-heap-sampling-started')).toBe('true');
    Profile.decode(gunzipSync(Buffer.from(await first.arrayBuffer())));
    for (let i = 0; i < 50; i++) await (await fetch(`${child.url}/burn`)).text();
    const second = await get('/pprof/heap');
    expect(second.headers.get('x-sightline-heap-sampling-started')).toBe('false');
    expect(second.headers.get('x-sightline-heap-sampling-since')).toBe(first.headers.get('x-sightline-heap-sampling-since'));
    const profile = Profile.decode(gunzipSync(Buffer.from(await second.arrayBuffer())));
    const strings = profile.stringTable.strings;
    expect(profile.sampleType.map((type) => `${strings[Number(type.type)]}/${strings[Number(type.unit)]}`)).toEqual([
      'objects/count',
      'space/bytes',
    ]);
  });

  it('shows a request in flight with its route and age, and the event-loop delay', async () => {
    const hanging = fetch(`${child.url}/hang/7`);
    try {
      const report = await eventually(
        async () => {
          const body = (await (await get('/eventloop')).json()) as {
            delay: { unit: string; percentiles: Record<string, number> };
            activeResources: Record<string, number>;
            inFlight: { total: number; requests: { method: string; path: string; route: string; ageMs: number; requestId: string }[] };
          };
          return body.inFlight.total > 0 ? body : undefined;
        },
        'the hanging request in /debug/eventloop',
        { retryErrors: true, timeoutMs: 5000, intervalMs: 20 },
      );
      expect(report.inFlight.requests[0]).toMatchObject({
        method: 'GET',
        path: '/hang/7',
        route: '/hang/:id',
        requestId: expect.any(String),
      });
      expect(report.inFlight.requests[0]?.ageMs).toBeGreaterThanOrEqual(0);
      expect(report.delay.unit).toBe('ms');
      // The service's listening socket (the debug server's is unref'd, so not counted as active).
      expect(report.activeResources.TCPServerWrap).toBeGreaterThanOrEqual(1);
    } finally {
      await (await fetch(`${child.url}/release`)).text();
      await (await hanging).text();
    }
  });

  it('reports runtime info without any secret value from the config, the environment or the token', async () => {
    const response = await get('/runtime');
    const text = await response.text();
    for (const secret of [HEADER_SECRET, ENV_SECRET, TOKEN]) expect(text).not.toContain(secret);
    const info = JSON.parse(text) as {
      versions: Record<string, string>;
      environmentVariables: string[];
      config: { serviceName: string; trace: { headers: Record<string, string> }; debug: { token: string } };
      modules: { commonjs: string[]; packages: string[] };
    };
    expect(info.versions.node).toBe(process.versions.node);
    expect(info.environmentVariables).toContain('FIXTURE_SECRET');
    expect(info.config.serviceName).toBe('debug-fixture');
    expect(info.config.trace.headers).toEqual({ 'x-honeycomb-team': '[REDACTED]' });
    expect(info.config.debug.token).toBe('[REDACTED]');
  });

  it('opens the inspector on 127.0.0.1 on demand, refuses a second open, and closes it', async () => {
    const opened = await post('/inspector/open?timeoutSeconds=60');
    expect(opened.status).toBe(200);
    const status = (await opened.json()) as { open: boolean; url: string; openedBy: string; closesAt: string };
    expect(status).toMatchObject({ open: true, openedBy: 'debug-server' });
    expect(status.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+$/);
    const inspectorHttp = status.url.replace(/^ws:/, 'http:').replace(/\/[^/]+$/, '');
    const targets = (await (await fetch(`${inspectorHttp}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    expect(targets.map((target) => target.webSocketDebuggerUrl)).toContain(status.url);

    const again = await post('/inspector/open');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ url: status.url });

    const closed = await post('/inspector/close');
    expect(await closed.json()).toMatchObject({ open: false, url: null });
    await expect(fetch(`${inspectorHttp}/json/list`)).rejects.toThrow();
    expect(await (await get('/inspector')).json()).toMatchObject({ open: false });
  });
});

describe('debug server bound to every interface', () => {
  let child: ChildService | undefined;

  afterAll(async () => {
    await child?.stop();
  });

  it('binds to 0.0.0.0 only when configured so, and warns about it', async () => {
    const started = await startDebugService({ SIGHTLINE_DEBUG_HOST: '0.0.0.0' });
    child = started.child;
    expect(started.debug.host).toBe('0.0.0.0');
    const warning = await child.waitForLog((line) => String(line.msg).includes('non-loopback'), 'the non-loopback warning');
    expect(warning).toMatchObject({ level: 40, host: '0.0.0.0' });
    const response = await fetch(`http://127.0.0.1:${started.debug.port}/debug`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
  });
});
