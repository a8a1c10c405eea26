import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@sightline/dev-postgres/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../../sightline-error/index.js';
import { HealthRegistry } from '../health-registry.js';
import { httpDependencyCheck } from './http-dependency.js';

let server: Server;
let base: string;
/** Requests to /hang whose connection the client closed (the check's abort reached the wire). */
const abandoned: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '');
    if (status !== null) {
      res.statusCode = Number(status[1]);
      res.end('{"body":"ignored"}');
      return;
    }
    if (req.url === '/hang') {
      req.socket.once('close', () => abandoned.push(req));
      return; // never answers
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function evaluate(url: string, timeoutMs = 2000) {
  const registry = new HealthRegistry({ defaults: { timeoutMs, intervalMs: 0 } });
  registry.markStarted();
  registry.register(httpDependencyCheck(url, { name: 'dependency' }));
  const report = await registry.evaluate('ready');
  return report.checks.get('dependency');
}

describe('httpDependencyCheck against a local server', () => {
  it('is healthy on 200', async () => {
    expect(await evaluate(`${base}/status/200`)).toMatchObject({ status: 'healthy', details: { status_code: 200 } });
  });

  it('is degraded on a 4xx answer', async () => {
    expect(await evaluate(`${base}/status/404`)).toMatchObject({ status: 'degraded', message: 'answered 404' });
  });

  it('is unhealthy on a 5xx answer', async () => {
    expect(await evaluate(`${base}/status/500`)).toMatchObject({ status: 'unhealthy', message: 'answered 500' });
    expect(await evaluate(`${base}/status/503`)).toMatchObject({ status: 'unhealthy', message: 'answered 503' });
  });

  it('is unhealthy when the dependency hangs, and aborts the request at the timeout', async () => {
    const before = abandoned.length;
    expect(await evaluate(`${base}/hang`, 100)).toMatchObject({ status: 'unhealthy', message: 'timed out after 100 ms' });
    await expect.poll(() => abandoned.length).toBe(before + 1);
  });

  it('is unhealthy, naming the cause, when nothing listens', async () => {
    const port = await freePort();
    expect(await evaluate(`http://127.0.0.1:${port}/readyz`)).toMatchObject({
      status: 'unhealthy',
      message: 'request failed: ECONNREFUSED',
    });
  });

  it('names the check after the host by default', () => {
    expect(httpDependencyCheck('http://payments.internal:8080/readyz').name).toBe('payments.internal:8080');
  });

  it('refuses a URL that is not absolute http(s)', () => {
    expect(() => httpDependencyCheck('/readyz')).toThrow(SightlineConfigError);
    expect(() => httpDependencyCheck('ftp://files.internal/')).toThrow(/expected http: or https:/);
  });
});
