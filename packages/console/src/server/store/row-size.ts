import type { AppendRowsByTable, AppendTable } from './protocol.js';

/**
 * Rough bytes a batch holds while queued, for the queue's byte bound. Callers that know better
 * (the receiver knows its decompressed body size) pass `bytes` instead. Counting attribute keys
 * keeps this O(attributes) with no serialisation on the main thread.
 */
const BASE: Record<AppendTable, number> = { spans: 320, logs: 320, metricPoints: 256, scrapeSamples: 160, exceptions: 512 };
const PER_ATTRIBUTE = 64;

export function estimateBytes(table: AppendTable, rows: AppendRowsByTable[AppendTable]): number {
  let bytes = 0;
  for (const row of rows) {
    bytes += BASE[table];
    const attributes = (row as { attributes?: object }).attributes;
    if (attributes !== undefined) {
      for (const key in attributes) {
        const value = (attributes as Record<string, unknown>)[key];
        bytes += PER_ATTRIBUTE + (typeof value === 'string' ? value.length : 0);
      }
    }
    if (table === 'logs') {
      const body = (row as { body?: unknown }).body;
      if (typeof body === 'string') bytes += body.length;
    }
    const events = (row as { events?: unknown[] }).events;
    if (events !== undefined) bytes += events.length * 256;
  }
  return bytes;
}
