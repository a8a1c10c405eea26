import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loginPage } from './login-page.js';
import { nextPath } from './next-path.js';
import { registerTokenAuth, TOKEN_COOKIE } from './token-auth.js';

const TOKEN = 'a-console-token-of-some-length';
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', ...BROWSER };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A server behind the token: an API route and a catch-all standing in for the UI. */
async function guarded(): Promise<FastifyInstance> {
  app = Fastify();
  registerTokenAuth(app, TOKEN);
  app.get('/api/store', async () => ({ rows: 1 }));
  app.get('/*', async (request) => `page ${request.url}`);
  await app.ready();
  return app;
}

describe('the token check', () => {
  it.each(['/loginx', '/login/../api/store', '/login/', '/loginx?token=x', '/LOGIN'])(
    'answers %s 401: only /login itself is open',
    async (url) => {
      const server = await guarded();
      expect((await server.inject(url)).statusCode).toBe(401);
    },
  );

  it('treats a cookie that is not valid percent-encoding as no token (401, not 500)', async () => {
    const server = await guarded();
    const response = await server.inject({ url: '/api/store', headers: { cookie: `${TOKEN_COOKIE}=%E0%A4%A` } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'unauthorized', message: 'this console needs its token' });
  });

  it('lets the bearer token and the cookie /login sets through', async () => {
    const server = await guarded();
    expect((await server.inject({ url: '/api/store', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    const login = await server.inject(`/login?token=${TOKEN}`);
    expect(login.statusCode).toBe(302);
    expect(login.headers.location).toBe('/');
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    expect((await server.inject({ url: '/traces', headers: { cookie } })).body).toBe('page /traces');
  });

  it('answers API clients and scripts with a JSON 401, a browser on /api too', async () => {
    const server = await guarded();
    for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }]) {
      const response = await server.inject({ url: '/traces', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/json');
    }
    const api = await server.inject({ url: '/api/store', headers: BROWSER });
    expect(api.headers['content-type']).toContain('application/json');
  });
});

describe('the login page a browser gets without the token', () => {
  it('is a self-contained HTML 401 that says how to get in and carries the deep link as next', async () => {
    const server = await guarded();
    const response = await server.inject({ url: '/traces/0af7651916cd43dd8448eb211c80319c?service=orders', headers: BROWSER });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('/login?token=');
    expect(response.body).toContain('<form method="post" action="/login">');
    expect(response.body).toContain('<input type="hidden" name="next" value="/traces/0af7651916cd43dd8448eb211c80319c?service=orders">');
    // Nothing loaded from anywhere: no script, stylesheet link, image or remote URL.
    expect(response.body).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!…)/);
  });

  it('reloads once when the browser came from another site, which withholds the Strict cookie from that navigation only', async () => {
    const server = await guarded();
    const navigation = (site: string) => ({ ...BROWSER, 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' });
    const fromChat = await server.inject({ url: '/traces', headers: navigation('cross-site') });
    expect(fromChat.statusCode).toBe(401);
    expect(fromChat.body).toContain('<meta http-equiv="refresh" content="0">');
    for (const site of ['same-origin', 'none']) {
      expect((await server.inject({ url: '/traces', headers: navigation(site) })).body).not.toContain('http-equiv="refresh"');
    }
  });

  it('escapes the path it carries', () => {
    const page = loginPage({ next: '/x?q="><script>alert(1)</script>&a=\'', refused: false });
    expect(page).toContain('value="/x?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;a=&#39;"');
    expect(page).not.toContain('<script>');
  });

  it('logs in from the form and goes on to the page asked for (303), or shows the form again saying the token was wrong', async () => {
    const server = await guarded();
    const body = new URLSearchParams({ token: TOKEN, next: '/traces?service=orders' }).toString();
    const posted = await server.inject({ method: 'POST', url: '/login', headers: FORM, payload: body });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/traces?service=orders');
    expect(String(posted.headers['set-cookie'])).toMatch(new RegExp(`^${TOKEN_COOKIE}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/$`));

    const wrong = await server.inject({ method: 'POST', url: '/login', headers: FORM, payload: 'token=nope&next=%2Flogs' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).toContain("That is not this console's token.");
    expect(wrong.body).toContain('name="next" value="/logs"');
  });

  it('takes next on the login URL too, and ignores one that leaves the console', async () => {
    const server = await guarded();
    const deep = await server.inject(`/login?token=${TOKEN}&next=${encodeURIComponent('/errors/abc?since=1h')}`);
    expect(deep.headers.location).toBe('/errors/abc?since=1h');
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', '/\t/evil.example', 'traces']) {
      const response = await server.inject(`/login?token=${TOKEN}&next=${encodeURIComponent(next)}`);
      expect(response.headers.location, next).toBe('/');
    }
  });
});

describe('nextPath', () => {
  it.each([
    ['/traces', '/traces'],
    ['/', '/'],
    ['/logs?q=a%20b&since=1h', '/logs?q=a%20b&since=1h'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/a\\b', '/'],
    ['/\n/evil.example', '/'],
    ['/tr aces', '/'],
    ['/é', '/'],
    ['http://evil.example/', '/'],
    ['', '/'],
    ['/login?token=x', '/'],
    [['/a', '/b'], '/'],
    [undefined, '/'],
    [`/${'a'.repeat(3000)}`, '/'],
  ])('takes %j as %j', (next, expected) => {
    expect(nextPath(next)).toBe(expected);
  });
});
