import { readFileSync } from 'node:fs';

/**
 * The process's resident memory split as Linux counts it (`/proc/self/status`): anonymous (heaps,
 * allocator arenas, thread stacks) and file-backed (the mapped code of node and DuckDB). `null`
 * where /proc is not there.
 */
export function residentSplit(): { anonBytes: number; fileBytes: number } | null {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match === null ? null : Number(match[1]) * 1024;
  };
  const anonBytes = kib('RssAnon');
  const fileBytes = kib('RssFile');
  return anonBytes === null || fileBytes === null ? null : { anonBytes, fileBytes };
}
