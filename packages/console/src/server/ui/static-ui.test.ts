import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MISSING_BUNDLE_MESSAGE, registerUiRoutes } from './static-ui.js';

describe('the UI bundle handler', () => {
  let directory: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sightline-ui-'));
    await mkdir(join(directory, 'assets'));
    await writeFile(join(directory, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(directory, 'assets/index-abc123.js'), 'console.log(1)');
    await writeFile(join(directory, 'robots.txt'), 'User-agent: *');
    // Beside the bundle directory, where a traversal would land.
    await writeFile(join(directory, '..', `${basename(directory)}-outside.txt`), 'secret');
    app = Fastify();
    app.get('/api/store', async () => ({ ok: true }));
    registerUiRoutes(app, { directory });
  });

  afterEach(async () => {
    await app.close();
    await rm(directory, { recursive: true, force: true });
    await rm(join(directory, '..', `${basename(directory)}-outside.txt`), { force: true });
  });

  it('serves hashed assets cached for a year and index.html never cached, with a content security policy', async () => {
    const asset = await app.inject('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log(1)');

    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.body).toContain('<div id="root">');

    const other = await app.inject('/robots.txt');
    expect(other.headers['cache-control']).toBe('no-cache');
  });

  it('answers deep links with index.html so the UI can route them', async () => {
    for (const path of ['/traces/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7', '/logs?q=declined', '/errors/abc']) {
      const response = await app.inject(path);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('leaves /api to the API: a route it has answers, an unknown one is a JSON 404', async () => {
    expect((await app.inject('/api/store')).json()).toEqual({ ok: true });
    const missing = await app.inject('/api/nothing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'no API route /api/nothing' });
  });

  it('answers a missing asset with 404 instead of index.html, and never serves files outside the bundle', async () => {
    expect((await app.inject('/assets/gone-123.js')).statusCode).toBe(404);
    const outside = `${basename(directory)}-outside.txt`;
    for (const path of [`/../${outside}`, `/%2e%2e/${outside}`, `/assets/..%2f..%2f${outside}`]) {
      const response = await app.inject(path);
      expect(response.body).not.toContain('secret');
    }
  });

  it('says how to build the bundle when it is missing, while the API keeps working', async () => {
    await rm(directory, { recursive: true, force: true });
    const response = await app.inject('/');
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe(`${MISSING_BUNDLE_MESSAGE}\n`);
    expect(response.body).toContain('npm run build -w packages/console');
    expect((await app.inject('/traces/abc')).statusCode).toBe(503);
    expect((await app.inject('/api/store')).statusCode).toBe(200);
  });
});
