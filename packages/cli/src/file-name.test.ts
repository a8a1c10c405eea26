import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureFileName, timestamp, unusedPath } from './file-name.js';

// Local time on purpose: the name reads as the user's clock.
const AT = new Date(2025, 0, 2, 3, 4, 5);

describe('captureFileName', () => {
  it('names a capture <host>-<port>-<kind>-<YYYYMMDD-HHMMSS><ext>', () => {
    expect(timestamp(AT)).toBe('20250102-030405');
    expect(captureFileName(new URL('http://127.0.0.1:6060'), 'cpu', '.pb.gz', AT)).toBe('127.0.0.1-6060-cpu-20250102-030405.pb.gz');
    expect(captureFileName(new URL('http://orders.internal:6061/'), 'heapsnapshot', '.heapsnapshot', AT)).toBe(
      'orders.internal-6061-heapsnapshot-20250102-030405.heapsnapshot',
    );
  });

  it('uses the scheme default port and makes IPv6 hosts file-safe', () => {
    expect(captureFileName(new URL('https://debug.example.com'), 'heap', '.pb.gz', AT)).toBe(
      'debug.example.com-443-heap-20250102-030405.pb.gz',
    );
    expect(captureFileName(new URL('http://[::1]:6060'), 'cpu', '.cpuprofile', AT)).toBe('--1-6060-cpu-20250102-030405.cpuprofile');
  });
});

describe('unusedPath', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });

  it('numbers the name before its (double) extension instead of overwriting an earlier capture', () => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-cli-'));
    const name = '127.0.0.1-6060-heap-20250102-030405.pb.gz';
    expect(unusedPath(directory, name)).toBe(join(directory, name));
    writeFileSync(join(directory, name), '');
    expect(unusedPath(directory, name)).toBe(join(directory, '127.0.0.1-6060-heap-20250102-030405-2.pb.gz'));
    writeFileSync(join(directory, '127.0.0.1-6060-heap-20250102-030405-2.pb.gz'), '');
    expect(unusedPath(directory, name)).toBe(join(directory, '127.0.0.1-6060-heap-20250102-030405-3.pb.gz'));
    writeFileSync(join(directory, 'a.heapsnapshot'), '');
    expect(unusedPath(directory, 'a.heapsnapshot')).toBe(join(directory, 'a-2.heapsnapshot'));
  });
});
