import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, type LocalServer, startLocalServer } from '../test/support/local-server.js';
import { CliError } from './errors.js';
import { endpointUrl, requestJson, resolveTarget } from './target.js';

describe('resolveTarget', () => {
  it('takes --target as a URL, host:port as http, and the URL the service logs (…/debug) as its origin', () => {
    expect(resolveTarget({ target: 'http://127.0.0.1:6060' }, {}).url.href).toBe('http://127.0.0.1:6060/');
    expect(resolveTarget({ target: '10.0.0.5:6061' }, {}).url.href).toBe('http://10.0.0.5:6061/');
    expect(resolveTarget({ target: 'https://debug.example.com/orders/debug/' }, {}).url.href).toBe('https://debug.example.com/orders');
  });

  it('takes the token from --token first, then SIGHTLINE_DEBUG_TOKEN', () => {
    const env = { SIGHTLINE_DEBUG_TOKEN: 'from-env-0123456789' };
    expect(resolveTarget({ target: 'http://h:1', token: 'from-flag-0123456789' }, env).token).toBe('from-flag-0123456789');
    expect(resolveTarget({ target: 'http://h:1' }, env).token).toBe('from-env-0123456789');
    expect(resolveTarget({ target: 'http://h:1' }, { SIGHTLINE_DEBUG_TOKEN: '' }).token).toBeUndefined();
  });

  it.each([
    [{ target: '' }, 'missing --target'],
    [{ target: 'http://' }, 'is not a URL'],
    [{ target: 'ftp://127.0.0.1:6060' }, 'must be an http:// or https:// URL'],
  ])('rejects %j as a usage error: %s', (options, message) => {
    let thrown: unknown;
    try {
      resolveTarget(options, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).message).toContain(message);
    expect((thrown as CliError).exitCode).toBe(2);
  });

  it('appends endpoint paths and query parameters below a path prefix', () => {
    const target = resolveTarget({ target: 'https://proxy.example.com/orders' }, {});
    expect(endpointUrl(target, '/debug/pprof/profile', { seconds: 10, format: undefined }).href).toBe(
      'https://proxy.example.com/orders/debug/pprof/profile?seconds=10',
    );
  });
});

describe('requestJson', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function failure(promise: Promise<unknown>): Promise<CliError> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }

  it('sends the bearer token and the JSON body, and parses the answer', async () => {
    server = await startLocalServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"level":"debug"}');
    });
    const target = resolveTarget({ target: server.url, token: 'secret-token-0123456789' }, {});
    await expect(requestJson(target, '/debug/toggle', { method: 'POST', body: { level: 'debug' } })).resolves.toEqual({ level: 'debug' });
    expect(server.requests).toEqual([
      { method: 'POST', url: '/debug/toggle', authorization: 'Bearer secret-token-0123456789', body: '{"level":"debug"}' },
    ]);
  });

  it('asks whether the debug server is enabled when the connection is refused', async () => {
    const target = resolveTarget({ target: `http://127.0.0.1:${await closedPort()}` }, {});
    const error = await failure(requestJson(target, '/debug/runtime'));
    expect(error.code).toBe('SL_CLI_TARGET_UNREACHABLE');
    expect(error.message).toContain('connection refused; is the debug server enabled? (SIGHTLINE_DEBUG=true)');
    expect(error.exitCode).toBe(1);
  });

  it('says "token rejected" on 401, and that no token was sent when none was', async () => {
    server = await startLocalServer((_req, res) => {
      res.statusCode = 401;
      res.end('{"error":"unauthorized"}');
    });
    const withToken = await failure(requestJson(resolveTarget({ target: server.url, token: 'wrong-token-0123456789' }, {}), '/debug'));
    expect(withToken.code).toBe('SL_CLI_TOKEN_REJECTED');
    expect(withToken.message).toContain('token rejected');
    expect(withToken.message).toContain('SIGHTLINE_DEBUG_TOKEN');
    const without = await failure(requestJson(resolveTarget({ target: server.url }, {}), '/debug'));
    expect(without.message).toContain('no token was sent: pass --token or set SIGHTLINE_DEBUG_TOKEN');
  });

  it("passes the server's message on for other failures", async () => {
    server = await startLocalServer((_req, res) => {
      res.statusCode = 409;
      res.end('{"error":"a CPU profile is already being captured; retry when it finishes"}');
    });
    const error = await failure(requestJson(resolveTarget({ target: server.url, token: 't' }, {}), '/debug/pprof/profile'));
    expect(error.message).toBe(
      'GET /debug/pprof/profile failed with HTTP 409: a CPU profile is already being captured; retry when it finishes',
    );
  });
});
