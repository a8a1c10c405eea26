import { open } from 'node:fs/promises';

/** The last bytes read: enough lines to judge a log without reading a large file whole. */
const TAIL_BYTES = 1024 * 1024;

export interface LogLines {
  readonly path: string;
  /** Non-empty lines of the file's tail. */
  readonly lines: number;
  /** Lines that are JSON objects. */
  readonly records: readonly Record<string, unknown>[];
}

/** The tail of a log file as lines and JSON records; undefined (with the reason) when it cannot be read. */
export async function readLogTail(path: string): Promise<LogLines | string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // A tail cut mid-line starts after the first line break.
    const lines = (start > 0 ? text.slice(text.indexOf('\n') + 1) : text).split('\n').filter((line) => line.trim() !== '');
    const records: Record<string, unknown>[] = [];
    for (const line of lines) {
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) records.push(value as Record<string, unknown>);
      } catch {
        // Not JSON: counted as a plain line.
      }
    }
    return { path, lines: lines.length, records };
  } finally {
    await handle.close();
  }
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** trace_id/span_id as the SDK (and OpenTelemetry's log bridges) write them; traceId/spanId too. */
export function traceIdsOf(record: Record<string, unknown>): { traceId: string; spanId: string } | undefined {
  const traceId = record.trace_id ?? record.traceId ?? record['trace.id'];
  const spanId = record.span_id ?? record.spanId ?? record['span.id'];
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
  return TRACE_ID.test(traceId) && SPAN_ID.test(spanId) ? { traceId, spanId } : undefined;
}
