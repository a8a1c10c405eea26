import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const TOKEN_COOKIE = 'sightline_console_token';

/**
 * The browser token (Aspire's model): when the console listens beyond loopback, every UI and
 * API request needs the token, as `Authorization: Bearer …` (scripts) or the HttpOnly cookie
 * that `/login?token=…` sets (browsers: the printed URL logs in once).
 */
export function registerTokenAuth(app: FastifyInstance, token: string): void {
  const expected = Buffer.from(token);
  const matches = (offered: string | undefined) => {
    if (offered === undefined) return false;
    const bytes = Buffer.from(offered);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };

  app.get<{ Querystring: { token?: string } }>('/login', async (request, reply) => {
    if (!matches(request.query.token)) return reply.code(401).type('text/plain').send('wrong or missing token\n');
    return reply.header('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`).redirect('/');
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/login')) return;
    if (matches(bearerOf(request.headers.authorization)) || matches(cookieOf(request.headers.cookie))) return;
    reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'this console needs its token' });
  });
}

function bearerOf(header: string | undefined): string | undefined {
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
}

function cookieOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
