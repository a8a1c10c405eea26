import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/** What a captured file holds; part of its default name. */
export type CaptureKind = 'cpu' | 'heap' | 'heapsnapshot';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYYMMDD-HHMMSS` in local time: sorts by capture time, and reads as the user's clock. */
export function timestamp(date: Date): string {
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** A host that is safe in a file name on every OS: `[::1]` → `--1`, `api.internal` stays. */
function fileSafe(text: string): string {
  return text.replace(/^\[|\]$/g, '').replace(/[^A-Za-z0-9.-]/g, '-');
}

/**
 * The default name of a capture: `<host>-<port>-<kind>-<YYYYMMDD-HHMMSS><extension>`, e.g.
 * `127.0.0.1-6060-cpu-20250102-030405.pb.gz`, so files from several services and several
 * captures sit side by side in one folder.
 */
export function captureFileName(target: URL, kind: CaptureKind, extension: string, date: Date): string {
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  return `${fileSafe(target.hostname)}-${port}-${kind}-${timestamp(date)}${extension}`;
}

/**
 * `name` in `directory`, or `name-2`, `name-3`… before the extension when that file exists:
 * default names never overwrite an earlier capture (an explicit --out does, like curl -o).
 */
export function unusedPath(directory: string, name: string): string {
  const extension = name.endsWith('.pb.gz') ? '.pb.gz' : extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(directory, name);
  for (let n = 2; existsSync(candidate); n++) candidate = join(directory, `${stem}-${n}${extension}`);
  return candidate;
}
