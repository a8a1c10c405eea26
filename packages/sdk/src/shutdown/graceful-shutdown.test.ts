import { Agent, createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../adapters/index.js';
import { createObserver, type Observer } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';

interface Line {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

interface Reply {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An observer serving a node:http app with one route that answers when the test releases it. */
async function start(shutdown: { delayMs?: number; drainTimeoutMs?: number } = {}) {
  const lines: Line[] = [];
  const observer: Observer = createObserver({
    serviceName: 'graceful-test',
    env: {},
    registerGlobal: false,
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
    log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as Line) } }], sampling: false },
    http: { routes: ['/held'] },
    shutdown,
    shutdownTimeoutMs: 1000,
  });
  observer.health.markStarted();
  const held: (() => void)[] = [];
  const server = createServer(
    sightlineHandler(observer, (_req, res) => {
      held.push(() => res.end('done'));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true });
  cleanups.push(() => {
    agent.destroy();
    server.closeAllConnections();
    server.close();
    return observer.shutdown();
  });
  const request = (path: string) =>
    new Promise<Reply>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, agent }, (res: IncomingMessage) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        res.on('error', reject);
      }).on('error', reject);
    });
  const exits: number[] = [];
  return { observer, server, lines, held, request, exits, exit: (code: number) => exits.push(code) };
}

describe('observer.serve() graceful shutdown', () => {
  it('fails readiness at once, lets in-flight requests finish with Connection: close, refuses new connections, runs hooks, exits 0', async () => {
    const app = await start();
    const order: string[] = [];
    app.observer.onShutdown('pool', () => order.push('pool ended'));
    const handle = app.observer.serve(app.server, { signals: [], exit: app.exit });

    const inFlight = [app.request('/held'), app.request('/held')];
    await expect.poll(() => app.held.length).toBe(2);
    const done = handle.shutdown('test');

    expect(app.observer.health.shuttingDown).toBe(true);
    expect((await app.observer.health.evaluate('ready')).reason).toBe('shutting down');
    await expect.poll(() => app.lines.some((line) => line.msg === 'shutting down: readiness fails from now on')).toBe(true);
    expect(order).toEqual([]);

    for (const release of app.held) release();
    expect(await Promise.all(inFlight)).toEqual([
      { status: 200, connection: 'close', body: 'done' },
      { status: 200, connection: 'close', body: 'done' },
    ]);
    expect(await done).toBe(0);
    expect(app.exits).toEqual([0]);
    expect(order).toEqual(['pool ended']);
    await expect(app.request('/held')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('keeps accepting for delayMs with readiness already failing, then stops accepting', async () => {
    const app = await start({ delayMs: 60_000 });
    const handle = app.observer.serve(app.server, { signals: [], exit: app.exit, delayMs: 300 });

    const done = handle.shutdown('test');
    const ready = await app.request('/readyz');

    expect(ready.status).toBe(503);
    expect(ready.connection).toBe('close');
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'unhealthy', reason: 'shutting down' });
    expect(await done).toBe(0);
    await expect(app.request('/readyz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts requests still running at drainTimeoutMs, says so, and exits 1', async () => {
    const app = await start({ drainTimeoutMs: 100 });
    const handle = app.observer.serve(app.server, { signals: [], exit: app.exit });
    app.observer.onShutdown('marker', () => {
      app.lines.push({ level: 30, msg: 'hook ran' });
    });
    // Settled while the shutdown still runs (the drain waits for the cut request to finish): handled from the start.
    const stuck = app.request('/held').then(
      () => undefined,
      (error: unknown) => error,
    );
    await expect.poll(() => app.held.length).toBe(1);

    expect(await handle.shutdown('test')).toBe(1);

    expect(await stuck).toMatchObject({ code: 'ECONNRESET' });
    expect(app.lines.find((line) => line.msg === 'drain timed out; closing the connections still open')).toMatchObject({
      level: 40,
      in_flight: 1,
      drain_timeout_ms: 100,
    });
    // The server cut it, its client did not leave: a 5xx (not nginx's 499), written before the
    // telemetry was flushed (the observer's last lines come after it).
    const access = app.lines.findIndex((line) => line.path === '/held');
    expect(app.lines[access]).toMatchObject({ level: 50, status: 503, aborted: true, cut_at_shutdown: true });
    const drainTimedOut = app.lines.findIndex((line) => line.msg === 'drain timed out; closing the connections still open');
    expect(access).toBeGreaterThan(drainTimedOut);
    expect(access).toBeLessThan(app.lines.findIndex((line) => line.msg === 'hook ran'));
    expect(app.exits).toEqual([1]);
  });

  it("exits 1 when a shutdown hook fails, saying it was the app's hook (not an SDK failure)", async () => {
    const app = await start();
    app.observer.onShutdown('redis', () => {
      throw new Error('quit failed');
    });
    const handle = app.observer.serve(app.server, { signals: [], exit: app.exit });

    expect(await handle.shutdown('test')).toBe(1);
    expect(app.lines.find((line) => line.msg === 'shutdown hook "redis" failed')).toMatchObject({
      level: 50,
      hook: 'redis',
      err: { message: 'quit failed' },
    });
    expect(app.lines.filter((line) => line.msg.startsWith('sightline instrumentation error'))).toEqual([]);
  });

  it('runs one shutdown for any number of signals: later ones are logged and ignored', async () => {
    const app = await start();
    app.observer.serve(app.server, { signals: ['SIGWINCH'], exit: app.exit });
    const stuck = app.request('/held');
    await expect.poll(() => app.held.length).toBe(1);

    process.kill(process.pid, 'SIGWINCH');
    await expect.poll(() => app.observer.health.shuttingDown).toBe(true);
    process.kill(process.pid, 'SIGWINCH');
    await expect
      .poll(() => app.lines.find((line) => line.msg.startsWith('already shutting down')))
      .toMatchObject({ level: 40, signal: 'SIGWINCH', in_flight: 1 });

    app.held[0]?.();
    expect((await stuck).status).toBe(200);
    await expect.poll(() => app.exits).toEqual([0]);
    expect(app.lines.filter((line) => line.msg === 'shutting down: readiness fails from now on')).toHaveLength(1);
    expect(process.listeners('SIGWINCH')).toHaveLength(0);
  });

  it('returns the same exit code promise from every shutdown() call', async () => {
    const app = await start();
    const handle = app.observer.serve(app.server, { signals: [], exit: false });
    const first = handle.shutdown('a');
    const second = handle.shutdown('b');
    expect(await first).toBe(0);
    expect(await second).toBe(0);
  });

  it('drains an attached server when the app calls observer.shutdown() itself', async () => {
    const app = await start();
    app.observer.attachServer(app.server);
    const inFlight = app.request('/held');
    await expect.poll(() => app.held.length).toBe(1);

    const shutdown = app.observer.shutdown();
    await expect.poll(() => app.observer.health.shuttingDown).toBe(true);
    app.held[0]?.();

    expect(await inFlight).toMatchObject({ status: 200, connection: 'close' });
    await shutdown;
    await expect(app.request('/held')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses bad options with a SightlineConfigError naming them', async () => {
    const app = await start();
    expect(() => app.observer.serve(app.server, { signals: ['TERM' as NodeJS.Signals] })).toThrow(SightlineConfigError);
    expect(() => app.observer.attachServer(app.server, { drainTimeoutMs: 0 })).toThrow(/drainTimeoutMs/);
    expect(() => app.observer.serve(app.server, { exitCode: 3 } as never)).toThrow(/exitCode/);
  });
});
