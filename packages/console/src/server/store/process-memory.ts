import { readFileSync } from 'node:fs';

const RSS_ANON = /^RssAnon:\s+(\d+) kB$/m;
const RSS_FILE = /^RssFile:\s+(\d+) kB$/m;

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
  const bytes = (field: RegExp) => {
    const match = field.exec(status);
    return match === null ? null : Number(match[1]) * 1024;
  };
  const anonBytes = bytes(RSS_ANON);
  const fileBytes = bytes(RSS_FILE);
  return anonBytes === null || fileBytes === null ? null : { anonBytes, fileBytes };
}
