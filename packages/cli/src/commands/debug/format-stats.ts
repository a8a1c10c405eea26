import { formatBytes } from '../../format-bytes.js';

const BYTES_KEY = /(bytes|size|memory|heap|rss|external|buffers)/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatLeaf(key: string, value: unknown): string {
  if (typeof value === 'number' && BYTES_KEY.test(key) && !/count|number_of|ratio|percent/i.test(key) && Math.abs(value) >= 1024) {
    return `${formatBytes(value)} (${value})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function lines(value: unknown, indent: string, out: string[]): void {
  if (!isRecord(value)) {
    out.push(`${indent}${formatLeaf('', value)}`);
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (isRecord(entry)) {
      out.push(`${indent}${key}:`);
      lines(entry, `${indent}  `, out);
    } else if (Array.isArray(entry) && entry.every(isRecord)) {
      out.push(`${indent}${key}:`);
      for (const item of entry) {
        const { name, space_name: spaceName, ...rest } = item as Record<string, unknown>;
        out.push(`${indent}  - ${String(name ?? spaceName ?? '')}`);
        lines(rest, `${indent}    `, out);
      }
    } else {
      out.push(`${indent}${key}: ${formatLeaf(key, entry)}`);
    }
  }
}

/** JSON from the debug server as indented `key: value` lines, byte counts also in KiB/MiB. */
export function formatStats(value: unknown): string {
  const out: string[] = [];
  lines(value, '', out);
  return `${out.join('\n')}\n`;
}
