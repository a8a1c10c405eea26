import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError } from './errors.js';
import { formatBytes } from './format-bytes.js';
import type { ProgressLine } from './progress.js';

/** Owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  readonly seconds: number;
}

function progressText(label: string, bytes: number, total: number | undefined, startedAt: number): string {
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0 ? ` (${formatBytes(bytes / seconds)}/s)` : '';
  if (total === undefined || total <= 0) return `${label}: ${formatBytes(bytes)}${rate}`;
  return `${label}: ${formatBytes(bytes)} of ${formatBytes(total)}, ${Math.floor((bytes / total) * 100)} %${rate}`;
}

/**
 * Streams a response body into `path` chunk by chunk, showing bytes so far on `progress`: a
 * heap snapshot can be as large as the heap, so it is never held in memory whole. The body
 * goes to `<path>.part` first and is renamed once complete, so an interrupted download never
 * leaves a truncated file under the final name.
 */
export async function downloadToFile(
  response: IncomingMessage,
  path: string,
  options: { progress: ProgressLine; label: string; signal?: AbortSignal },
): Promise<DownloadResult> {
  const { progress, label } = options;
  const lengthHeader = response.headers['content-length'];
  const total = lengthHeader === undefined ? undefined : Number(lengthHeader);
  const startedAt = performance.now();
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      progress.update(progressText(label, bytes, total, startedAt));
      callback(null, chunk);
    },
  });
  const partial = `${path}.part`;
  try {
    // Readable by the user alone: a heap snapshot holds every string in the process (the debug
    // token, credentials), an export the telemetry's.
    await pipeline(response, count, createWriteStream(partial, { mode: PRIVATE_FILE_MODE }), { signal: options.signal });
    if (!response.complete) throw new Error('the service closed the connection before the end of the body');
    await rename(partial, path);
  } catch (error) {
    progress.done();
    await rm(partial, { force: true });
    if (options.signal?.aborted) throw new CliError('SL_CLI_ABORTED', `${label}: interrupted; nothing was saved`, { cause: error });
    throw new CliError('SL_CLI_FILE_FAILED', `${label}: download to ${path} failed: ${(error as Error).message}`, { cause: error });
  }
  const seconds = (performance.now() - startedAt) / 1000;
  progress.done();
  return { path, bytes, seconds };
}

/** Reads a (small) response body whole: profiles the CLI decodes itself. */
export async function readBody(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
