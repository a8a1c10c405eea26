import type { IncomingMessage, ServerResponse } from 'node:http';
import { DebugHttpError } from './http-error.js';

/** Debug endpoints take small JSON documents (toggle settings); anything bigger is refused. */
export const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendAttachment(res: ServerResponse, body: Buffer | string, contentType: string, fileName: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Reads a JSON body of at most MAX_BODY_BYTES: 413 beyond that, 400 naming the problem for bad JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) throw new DebugHttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new DebugHttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DebugHttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** An integer query parameter within [min, max]; a bad value is a 400 naming the parameter. */
export function integerParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DebugHttpError(400, `${name} must be an integer from ${min} to ${max}, got "${raw}"`, { parameter: name });
  }
  return value;
}

export function choiceParam<T extends string>(query: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new DebugHttpError(400, `${name} must be one of ${choices.join(', ')}, got "${raw}"`, { parameter: name });
  }
  return raw as T;
}

export function booleanParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new DebugHttpError(400, `${name} must be 1/true or 0/false, got "${raw}"`, { parameter: name });
}

const UNSAFE_FILE_CHARACTERS = /[^A-Za-z0-9._-]+/g;

/** `checkout-cpu-20250102T030405Z.pb.gz`: service, kind and a UTC timestamp, safe in a header. */
export function attachmentName(service: string, kind: string, extension: string, at: number = Date.now()): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${service.replace(UNSAFE_FILE_CHARACTERS, '_')}-${kind}-${stamp}.${extension}`;
}
