import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_PAGE_SECURITY_POLICY, loginPage } from './login-page.js';
import { nextPath } from './next-path.js';

export const TOKEN_COOKIE = 'sightline_console_token';

const LOGIN_PATH = '/login';
/** A pasted token and a path: the form's body is tiny. */
const FORM_BODY_LIMIT = 8 * 1024;

interface LoginFields {
  token?: unknown;
  next?: unknown;
}

/**
 * The browser token (Aspire's model): when the console listens beyond loopback, every UI and
 * API request needs the token, as `Authorization: Bearer …` (scripts) or the HttpOnly cookie
 * that `/login` sets: `GET /login?token=…[&next=/path]` (the printed URL logs in once) or the
 * form a browser without the cookie is shown, posting to `/login`. API clients get JSON 401s.
 */
export function registerTokenAuth(app: FastifyInstance, token: string): void {
  const expected = Buffer.from(token);
  const matches = (offered: unknown) => {
    if (typeof offered !== 'string') return false;
    const bytes = Buffer.from(offered);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };
  const login = (fields: LoginFields, request: FastifyRequest, reply: FastifyReply, redirectCode: 302 | 303) => {
    if (!matches(fields.token)) {
      if (wantsPage(request)) return sendLoginPage(reply, nextPath(fields.next), true);
      return reply.code(401).type('text/plain').send('wrong or missing token\n');
    }
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    return reply.header('set-cookie', cookie).redirect(nextPath(fields.next), redirectCode);
  };

  app.get<{ Querystring: LoginFields }>(LOGIN_PATH, (request, reply) => login(request.query, request, reply, 302));
  // The form posts the token, so it stays out of the address bar and the history.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.post<{ Body: LoginFields | undefined }>(LOGIN_PATH, (request, reply) => login(request.body ?? {}, request, reply, 303));
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Exactly /login: a prefix test let /loginx and /login/../api/store through.
    if (pathOf(request.url) === LOGIN_PATH) return;
    if (matches(bearerOf(request.headers.authorization)) || matches(cookieOf(request.headers.cookie))) return;
    reply.code(401).header('www-authenticate', 'Bearer');
    if (wantsPage(request)) return sendLoginPage(reply, nextPath(request.url), false, crossSiteNavigation(request));
    return reply.send({ error: 'unauthorized', message: 'this console needs its token' });
  });
}

function sendLoginPage(reply: FastifyReply, next: string, refused: boolean, reload = false): FastifyReply {
  return reply
    .code(401)
    .header('content-security-policy', LOGIN_PAGE_SECURITY_POLICY)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(loginPage({ next, refused, reload }));
}

/**
 * A link followed from another site (a chat, a ticket): the browser withholds the SameSite=Strict
 * cookie from that navigation even when it is logged in, but sends it when this page loads the
 * URL again, which is a same-origin navigation. Without the cookie then, the reload is answered
 * with the form (no second reload: it is no longer cross-site).
 */
function crossSiteNavigation(request: FastifyRequest): boolean {
  return request.headers['sec-fetch-site'] === 'cross-site' && request.headers['sec-fetch-mode'] === 'navigate';
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A browser opening a page (not a script calling /api): it reads HTML, so it gets the login page. */
function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') return false;
  const path = pathOf(request.url);
  if (path === '/api' || path.startsWith('/api/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

function bearerOf(header: string | undefined): string | undefined {
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
}

function cookieOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== TOKEN_COOKIE) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A malformed cookie (`%E0%A4%A`) is no token: 401, not a 500.
      return undefined;
    }
  }
  return undefined;
}
