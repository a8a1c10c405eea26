import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../test/support/local-server.js';
import { downloadToFile } from './download.js';
import { ProgressLine } from './progress.js';

function fetchResponse(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, resolve).once('error', reject));
}

function capture(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('downloadToFile', () => {
  let directory: string;
  let server: LocalServer | undefined;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-download-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  it('streams the body chunk by chunk into the file, with a plain progress line per update off a terminal', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    server = await startLocalServer(async (_req, res) => {
      for (let i = 0; i < 16; i++) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const { writes, out } = capture(false);
    const path = join(directory, 'snapshot.heapsnapshot');
    const result = await downloadToFile(await fetchResponse(server.url), path, {
      progress: new ProgressLine(out, { plainEveryMs: 0 }),
      label: 'heap snapshot',
    });
    expect(result.bytes).toBe(16 * chunk.length);
    expect(readFileSync(path).equals(Buffer.concat(Array.from({ length: 16 }, () => chunk)))).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    // Readable by its owner alone (a heap snapshot holds the debug token and every secret in memory), whatever the umask.
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.every((line) => line.startsWith('heap snapshot: ') && line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(writes.at(-1)).toMatch(/^heap snapshot: 1\.00 MiB/);
  });

  it('redraws one line in place on a terminal and shows the share done when the length is known', async () => {
    server = await startLocalServer((_req, res) => {
      res.setHeader('content-length', 2048);
      res.end(Buffer.alloc(2048));
    });
    const { writes, out } = capture(true);
    await downloadToFile(await fetchResponse(server.url), join(directory, 'p.pb.gz'), {
      progress: new ProgressLine(out),
      label: 'profile',
    });
    expect(writes[0]?.startsWith('\r\x1b[2Kprofile: 2.00 KiB of 2.00 KiB, 100 %')).toBe(true);
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('leaves no file behind when the service drops the connection mid-body', async () => {
    server = await startLocalServer((_req, res) => {
      res.setHeader('content-length', 1_000_000);
      res.write(Buffer.alloc(1000), () => res.destroy());
    });
    const path = join(directory, 'cut.heapsnapshot');
    const download = downloadToFile(await fetchResponse(server.url), path, {
      progress: new ProgressLine(capture(false).out),
      label: 'heap snapshot',
    });
    await expect(download).rejects.toThrow(`heap snapshot: download to ${path} failed`);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });
});
