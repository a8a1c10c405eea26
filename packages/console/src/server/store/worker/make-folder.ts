import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes `folder` and the parents it lacks, one `mkdir` each from the nearest that exists. Node's
 * `mkdirSync(…, { recursive: true })` never returns for a path under /proc (it retries the parent
 * on ENOENT for ever, reproduced with Node 20 alone): here any failure throws, naming the folder.
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  let current = folder;
  while (!exists(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing) mkdirSync(path);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    // ENOTDIR: a parent is a file; the mkdir under it says so.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}
