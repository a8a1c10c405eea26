import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * `packages/console/dist/ui`, where `vite build` writes the bundle. The same relative path
 * holds from `src/server/ui/` (source) and from `dist/server/ui/` (built).
 */
export const DEFAULT_UI_DIRECTORY = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));

export interface UiRouteOptions {
  /** The built bundle (index.html plus assets/); defaults to {@link DEFAULT_UI_DIRECTORY}. */
  readonly directory?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names every file under assets/ by its content hash: a changed file is a new URL. */
/** Defence in depth behind React's escaping: only the bundle's own scripts run. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const HASHED_CACHE = 'public, max-age=31536000, immutable';
const NOT_HASHED_CACHE = 'no-cache';

export const MISSING_BUNDLE_MESSAGE =
  'The Sightline console UI is not built. Run `npm run build -w packages/console` (the install step does it) and reload; the API under /api works without it.';

/**
 * Serves the UI bundle: files as they are, hashed assets cached for a year, index.html never
 * cached, and every other non-/api path answered with index.html so deep links work. The bundle
 * is looked up per request, so building it while the console runs is enough.
 */
export function registerUiRoutes(app: FastifyInstance, options: UiRouteOptions = {}): void {
  const root = normalize(options.directory ?? DEFAULT_UI_DIRECTORY);
  const rootPrefix = root.endsWith(sep) ? root : root + sep;

  const handler = async (url: string, reply: FastifyReply) => {
    const pathname = decodePath(url);
    if (pathname === undefined) return reply.code(400).type('text/plain; charset=utf-8').send('bad path\n');
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return reply.code(404).send({ error: 'not_found', message: `no API route ${pathname}` });
    }
    const candidate = normalize(join(root, pathname));
    if (candidate.startsWith(rootPrefix) && pathname !== '/') {
      const file = await fileSize(candidate);
      if (file !== undefined) return sendFile(reply, candidate, file, isHashed(pathname) ? HASHED_CACHE : NOT_HASHED_CACHE);
    }
    if (extname(pathname) !== '' && !pathname.endsWith('.html')) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`not found: ${pathname}\n`);
    }
    const index = join(root, 'index.html');
    const indexSize = await fileSize(index);
    if (indexSize === undefined) {
      return reply
        .code(503)
        .header('cache-control', NOT_HASHED_CACHE)
        .type('text/plain; charset=utf-8')
        .send(`${MISSING_BUNDLE_MESSAGE}\n`);
    }
    return sendFile(reply, index, indexSize, NOT_HASHED_CACHE);
  };

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: (request, reply) => handler(request.url, reply),
  });
}

function decodePath(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '/';
  try {
    const decoded = decodeURIComponent(path);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

function isHashed(pathname: string): boolean {
  return pathname.startsWith('/assets/');
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(reply: FastifyReply, path: string, size: number, cacheControl: string) {
  if (path.endsWith('.html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  return reply
    .header('cache-control', cacheControl)
    .header('content-length', size)
    .header('x-content-type-options', 'nosniff')
    .type(CONTENT_TYPES[extname(path)] ?? 'application/octet-stream')
    .send(createReadStream(path));
}
