import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolder } from './make-folder.js';

describe('makeFolder', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sightline-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the folder and every parent it lacks, and leaves an existing one as it is', () => {
    const folder = join(root, 'a', 'b', 'c');
    makeFolder(folder);
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(() => makeFolder(folder)).not.toThrow();
  });

  it('throws when a parent is a file', () => {
    writeFileSync(join(root, 'file'), '');
    expect(() => makeFolder(join(root, 'file', 'x'))).toThrow(/ENOTDIR: not a directory, mkdir/);
  });

  it.runIf(process.platform === 'linux')('throws under /proc, where a recursive mkdirSync never returns', () => {
    expect(() => makeFolder('/proc/sightline-nope/x')).toThrow(/ENOENT/);
  });
});
