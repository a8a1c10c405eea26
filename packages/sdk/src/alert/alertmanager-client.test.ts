import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@sightline/dev-postgres/free-port';
import { afterEach, describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../sightline-error/index.js';
import { AlertmanagerError, SightlineAlertError } from './alert-errors.js';
import { createAlertmanagerClient } from './alertmanager-client.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

type Reply = (res: ServerResponse) => void;

/** A scripted HTTP server on 127.0.0.1: each request gets the next reply (the last one repeats). */
async function scriptedServer(replies: Reply[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)] as Reply;
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const status =
  (code: number, body = '', type = 'application/json'): Reply =>
  (res) => {
    res.writeHead(code, { 'content-type': type });
    res.end(body);
  };

const fast = { retryDelayMs: 1, maxRetryDelayMs: 5 };

describe('createAlertmanagerClient', () => {
  it('posts validated alerts as JSON with the configured headers and default labels', async () => {
    const am = await scriptedServer([status(200)]);
    const client = createAlertmanagerClient({
      url: `${am.url}/`,
      headers: { authorization: 'Bearer t0ken' },
      defaultLabels: { service: 'checkout' },
    });
    await client.post({ labels: { alertname: 'Test' }, annotations: { summary: 'hello' } });
    expect(am.received).toHaveLength(1);
    const [request] = am.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v2/alerts');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer t0ken');
    expect(JSON.parse(request?.body ?? '')).toEqual([
      { labels: { service: 'checkout', alertname: 'Test' }, annotations: { summary: 'hello' } },
    ]);
  });

  it('retries 5xx answers with backoff and succeeds when Alertmanager recovers', async () => {
    const am = await scriptedServer([status(503, '"not ready"'), status(502), status(200)]);
    const client = createAlertmanagerClient({ url: am.url, retries: 3, ...fast });
    await client.post({ labels: { alertname: 'Test' } });
    expect(am.received).toHaveLength(3);
  });

  it('gives up after the retries with the last status and Alertmanager’s message', async () => {
    const am = await scriptedServer([status(500, '{"code":500,"message":"storage exploded"}')]);
    const client = createAlertmanagerClient({ url: am.url, retries: 2, ...fast });
    const error = await client.post({ labels: { alertname: 'Test' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AlertmanagerError);
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_REJECTED', status: 500, detail: 'storage exploded', attempts: 3 });
    expect((error as Error).message).toBe('Alertmanager POST /api/v2/alerts answered 500: storage exploded (after 3 attempts)');
    expect(am.received).toHaveLength(3);
  });

  it('does not retry a 5xx that says what it looked for is not there (an unknown silence on Alertmanager 0.25)', async () => {
    const am = await scriptedServer([status(500, '"silence not found"')]);
    const client = createAlertmanagerClient({ url: am.url, retries: 3, ...fast });
    const error = await client.expireSilence('00000000-0000-4000-8000-000000000000').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_REJECTED', status: 500, detail: 'silence not found', attempts: 1 });
    expect(am.received).toHaveLength(1);
  });

  it('does not retry a 4xx', async () => {
    const am = await scriptedServer([status(400, '"invalid label set: invalid name \\"1bad\\""')]);
    const client = createAlertmanagerClient({ url: am.url, retries: 3, ...fast });
    const error = await client.post({ labels: { alertname: 'Test' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'SL_ALERTMANAGER_REJECTED',
      status: 400,
      detail: 'invalid label set: invalid name "1bad"',
      attempts: 1,
    });
    expect(am.received).toHaveLength(1);
  });

  it('retries network errors a bounded number of times, then says it could not reach Alertmanager', async () => {
    const port = await freePort();
    const client = createAlertmanagerClient({ url: `http://127.0.0.1:${port}`, retries: 2, ...fast });
    const error = await client.post({ labels: { alertname: 'Test' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_UNREACHABLE', status: undefined, attempts: 3 });
    expect((error as Error).message).toMatch(/^Alertmanager POST \/api\/v2\/alerts failed after 3 attempts: fetch failed \(.*ECONNREFUSED/);
  });

  it('bounds each attempt with timeoutMs', async () => {
    const am = await scriptedServer([() => {}]); // never answers
    const client = createAlertmanagerClient({ url: am.url, timeoutMs: 50, retries: 1, ...fast });
    const error = await client.list().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_UNREACHABLE', attempts: 2 });
    expect(((error as Error).cause as Error).name).toBe('TimeoutError');
    expect(am.received).toHaveLength(2);
  });

  it('stops retrying when the caller aborts', async () => {
    const am = await scriptedServer([status(503)]);
    const client = createAlertmanagerClient({ url: am.url, retries: 10, retryDelayMs: 60_000, maxRetryDelayMs: 60_000 });
    const controller = new AbortController();
    const call = client.post({ labels: { alertname: 'Test' } }, { signal: controller.signal }).catch((caught: unknown) => caught);
    await new Promise<void>((resolve) => {
      const check = () => (am.received.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    controller.abort(new Error('shutting down'));
    const error = await call;
    expect(error).toMatchObject({ code: 'SL_ALERTMANAGER_UNREACHABLE', attempts: 1 });
    expect(((error as Error).cause as Error).message).toBe('shutting down');
  });

  it('rejects invalid alerts before sending anything', async () => {
    const am = await scriptedServer([status(200)]);
    const client = createAlertmanagerClient({ url: am.url });
    await expect(client.post([{ labels: { alertname: 'A' } }, { labels: { alertname: 'B', 'bad-name': 'x' } }])).rejects.toThrow(
      SightlineAlertError,
    );
    expect(am.received).toHaveLength(0);
    await client.post({ labels: { alertname: 'B', 'bad-name': 'x' } }, { validate: false });
    expect(JSON.parse(am.received[0]?.body ?? '')).toEqual([{ labels: { alertname: 'B', 'bad-name': 'x' } }]);
  });

  it('resolves alerts by posting them with endsAt', async () => {
    const am = await scriptedServer([status(200)]);
    const client = createAlertmanagerClient({ url: am.url });
    await client.resolve({ labels: { alertname: 'A' }, annotations: { summary: 's' } }, { at: new Date('2025-01-01T00:00:00Z') });
    expect(JSON.parse(am.received[0]?.body ?? '')).toEqual([
      { labels: { alertname: 'A' }, annotations: { summary: 's' }, endsAt: '2025-01-01T00:00:00.000Z' },
    ]);
    const before = Date.now();
    await client.resolve([{ labels: { alertname: 'B' } }]);
    const endsAt = Date.parse(JSON.parse(am.received[1]?.body ?? '')[0].endsAt);
    expect(endsAt).toBeGreaterThanOrEqual(before - 1);
    expect(endsAt).toBeLessThanOrEqual(Date.now());
  });

  it('lists alerts with label matchers and flags in the query', async () => {
    const am = await scriptedServer([status(200, '[{"labels":{"alertname":"A"}}]')]);
    const client = createAlertmanagerClient({ url: am.url });
    const alerts = await client.list({ labels: { alertname: 'A', path: 'say "hi"' }, matchers: ['severity=~"crit.*"'], silenced: false });
    expect(alerts).toEqual([{ labels: { alertname: 'A' } }]);
    const query = new URL(am.received[0]?.url ?? '', am.url).searchParams;
    expect(query.getAll('filter')).toEqual(['alertname="A"', 'path="say \\"hi\\""', 'severity=~"crit.*"']);
    expect(query.get('silenced')).toBe('false');
  });

  it('says so when a list answer is not an array', async () => {
    const am = await scriptedServer([status(200, '<html>proxy login</html>', 'text/html')]);
    const client = createAlertmanagerClient({ url: am.url });
    await expect(client.list()).rejects.toThrow(/expected a JSON array of alerts, got: <html>proxy login/);
  });

  it('waits for calls under way in idle()', async () => {
    const am = await scriptedServer([status(503), status(200)]);
    const client = createAlertmanagerClient({ url: am.url, retries: 1, retryDelayMs: 20 });
    let done = false;
    void client.post({ labels: { alertname: 'A' } }).then(() => {
      done = true;
    });
    await client.idle();
    expect(done).toBe(true);
  });

  it('validates its options with a SightlineConfigError', () => {
    expect(() => createAlertmanagerClient({ url: 'ftp://alertmanager', timeoutMs: 0, defaultLabels: { 'bad-name': 'x' } })).toThrow(
      SightlineConfigError,
    );
    try {
      createAlertmanagerClient({ url: 'ftp://alertmanager', timeoutMs: 0 });
    } catch (error) {
      expect((error as SightlineConfigError).issues).toEqual([
        expect.stringMatching(/^url: url must be an http\(s\) URL/),
        expect.stringMatching(/^timeoutMs: /),
      ]);
    }
  });
});
