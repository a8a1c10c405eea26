import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { hostNameOf, registerHostCheck } from './host-check.js';

describe('hostNameOf', () => {
  it.each([
    ['127.0.0.1:18888', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:8080', '[::1]'],
    ['[::1]', '[::1]'],
    ['[::1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (header, name) => {
    expect(hostNameOf(header)).toBe(name);
  });
});

describe('registerHostCheck', () => {
  it('lets loopback names and the allowed ones through, and refuses the rest before any route runs', async () => {
    const app = Fastify();
    let reached = 0;
    registerHostCheck(app, ['Console.Tunnel.Test']);
    app.get('/api/x', async () => {
      reached++;
      return { ok: true };
    });
    const status = async (host: string) => (await app.inject({ url: '/api/x', headers: { host } })).statusCode;
    for (const host of ['127.0.0.2:1', 'localhost', 'a.b.localhost:9', '[::1]:80', '[::ffff:127.0.0.1]', 'console.tunnel.test']) {
      expect(await status(host), host).toBe(200);
    }
    expect(reached).toBe(6);
    for (const host of ['localhost.evil.test', 'evil.test', '[::2]', '10.0.0.1', 'tunnel.test']) expect(await status(host), host).toBe(403);
    expect(reached).toBe(6);
    await app.close();
  });
});
