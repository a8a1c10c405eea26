import { freePort } from '@sightline/dev-postgres/free-port';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../../src/health/health-registry.js';
import { type RedisClientLike, redisCheck } from '../../src/health/index.js';
import { eventually } from '../../src/testing/index.js';
import { requireBinaries } from '../support/system-binary.js';
import { type Daemon, startDaemon } from './daemon.js';

const binaries = requireBinaries(['redis-server'], 'redis-server');

/** A throwaway redis-server: no persistence, loopback only, on a port of our own that a restart keeps. */
class RedisServer {
  #daemon: Daemon | undefined;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.#daemon = await startDaemon({
      name: 'redis-server',
      binary: binaries.path('redis-server'),
      port: this.port,
      args: (directory, port) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '', '--appendonly', 'no'],
      readyOutput: 'Ready to accept connections',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  }

  async stop(): Promise<void> {
    await this.#daemon?.stop();
  }
}

let server: RedisServer;
let ioredis: Redis;
let nodeRedis: ReturnType<typeof createClient>;

function evaluate(client: RedisClientLike, name: string) {
  const registry = new HealthRegistry({ defaults: { timeoutMs: 1000, intervalMs: 0 } });
  registry.markStarted();
  registry.register(redisCheck(client, { name }));
  return async () => (await registry.evaluate('ready')).checks.get(name);
}

describe.skipIf(binaries.skip)('redisCheck with a real redis-server', () => {
  beforeAll(async () => {
    server = new RedisServer(await freePort());
    await server.start();
    // Reconnect quickly, so the recovery below is seen within the test's deadline.
    ioredis = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => 100 });
    ioredis.on('error', () => {});
    nodeRedis = createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: () => 100 } });
    nodeRedis.on('error', () => {});
    await nodeRedis.connect();
    await eventually(async () => (ioredis.status === 'ready' ? true : undefined), 'ioredis to connect', {
      retryErrors: true,
      timeoutMs: 10_000,
      intervalMs: 20,
    });
  });

  afterAll(async () => {
    ioredis?.disconnect();
    if (nodeRedis?.isOpen) nodeRedis.destroy();
    await server?.stop();
  });

  it('is healthy while Redis answers PING, through ioredis and through node-redis', async () => {
    expect(await evaluate(ioredis, 'ioredis')()).toMatchObject({ status: 'healthy', message: undefined });
    expect(await evaluate(nodeRedis, 'node-redis')()).toMatchObject({ status: 'healthy', message: undefined });
  });

  it('turns unhealthy at once when Redis stops, and healthy again when it is back', async () => {
    const checkIoredis = evaluate(ioredis, 'ioredis');
    const checkNodeRedis = evaluate(nodeRedis, 'node-redis');
    expect((await checkIoredis())?.status).toBe('healthy');
    expect((await checkNodeRedis())?.status).toBe('healthy');

    await server.stop();

    // Unhealthy from the first run after the stop. A PING sent in the instant Redis died can
    // wait out its timeout; after that the client's own state answers, without a PING.
    const failed = async (check: typeof checkIoredis, what: string, stateMessage: RegExp) => {
      const first = await check();
      expect(first?.status).toBe('unhealthy');
      return eventually(
        async () => {
          const result = await check();
          expect(result?.status).toBe('unhealthy');
          return stateMessage.test(result?.message ?? '') ? result : undefined;
        },
        `the ${what} check to read the client state`,
        { retryErrors: true, timeoutMs: 10_000, intervalMs: 20 },
      );
    };
    const downIoredis = await failed(checkIoredis, 'ioredis', /^connection is (reconnecting|connecting|close|end)$/);
    const downNodeRedis = await failed(checkNodeRedis, 'node-redis', /^client is (not ready \(reconnecting\)|closed)$/);
    expect(downIoredis.durationMs).toBeLessThan(1000);
    expect(downNodeRedis.durationMs).toBeLessThan(1000);
    expect(downIoredis.lastSuccessAt).toBeTypeOf('number');
    expect(downNodeRedis.lastSuccessAt).toBeTypeOf('number');

    await server.start();

    for (const [check, what] of [
      [checkIoredis, 'ioredis'],
      [checkNodeRedis, 'node-redis'],
    ] as const) {
      await eventually(async () => ((await check())?.status === 'healthy' ? true : undefined), `the ${what} check to recover`, {
        retryErrors: true,
        timeoutMs: 10_000,
        intervalMs: 50,
      });
    }
  });

  it('is unhealthy for a client the app has closed', async () => {
    const closed = createClient({ socket: { host: '127.0.0.1', port: server.port } });
    closed.on('error', () => {});
    await closed.connect();
    closed.destroy();
    expect(await evaluate(closed, 'closed')()).toMatchObject({ status: 'unhealthy', message: 'client is closed' });

    const quit = new Redis({ host: '127.0.0.1', port: server.port });
    quit.on('error', () => {});
    await quit.ping();
    await quit.quit();
    await eventually(async () => (quit.status === 'end' ? true : undefined), 'ioredis to end', {
      retryErrors: true,
      timeoutMs: 5000,
      intervalMs: 10,
    });
    expect(await evaluate(quit, 'quit')()).toMatchObject({ status: 'unhealthy', message: 'connection is end' });
  });
});
