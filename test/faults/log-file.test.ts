import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, ms, runLoad, summarize } from './support/load.js';
import { pollUntil, scrape } from './support/metrics.js';
import { type Service, startService } from './support/service.js';

const RATE = 200;
const LOAD_MS = 2000;

let directory: string;
const services: Service[] = [];

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-faults-logfile-'));
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.destroy()));
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function start(logFile: string, name: string): Promise<Service> {
  const service = await startService(
    'test/faults/fixtures/probe-service.ts',
    { SIGHTLINE_LOG_FILE: logFile },
    join(directory, `${name}.out`),
  );
  services.push(service);
  return service;
}

/** The SDK's own report of a failing log destination, on stderr. */
const reportsOf = (service: Service, path: string) =>
  service
    .stderr()
    .split('\n')
    .filter((line) => line.includes(`writing log lines to ${path} failed`));

async function serveLoad(service: Service) {
  const samples = await runLoad({ url: service.url, path: '/', ratePerSecond: RATE, durationMs: LOAD_MS });
  return { samples, summary: summarize(samples) };
}

async function logWriteErrors(service: Service): Promise<number> {
  return (await scrape(service.url, 'sightline_internal_errors_total')).series['{component="log-write"}'] ?? 0;
}

/** A 64 KiB tmpfs, a disk that fills up for real; undefined (with the reason) where mounting is not allowed. */
function mountTinyDisk(path: string): string | undefined {
  mkdirSync(path, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
}

describe('a log file that cannot be written', () => {
  it('keeps serving with the log file on a full device (/dev/full), and reports the failure once, not per line', async () => {
    const service = await start('/dev/full', 'dev-full');
    const { samples, summary } = await serveLoad(service);
    const reports = reportsOf(service, '/dev/full');
    const counted = await logWriteErrors(service);
    const dropped = (await scrape(service.url, 'sightline_log_lines_dropped_total')).total;
    console.log(
      `log file /dev/full: ${summary.requests} requests, ${summary.failed} failed, p99 ${ms(summary.p99)}; ` +
        `${reports.length} report line(s) on stderr for ${dropped} dropped lines (${counted} failed writes counted): ${reports[0]}`,
    );
    expect(failures(samples)).toEqual({});
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('ENOSPC');
    expect(dropped).toBeGreaterThanOrEqual(summary.requests);
    expect(counted).toBeGreaterThan(1);
  });

  it('keeps serving when its log file is swapped for an unwritable one at rotation (SIGHUP), reports it once, and logs again after the next rotation', async () => {
    // Root ignores file modes, so "unwritable" is a file on a full device: the rotated path
    // becomes a link to /dev/full, which the SDK opens at SIGHUP as logrotate would have it.
    const logFile = join(directory, 'rotated', 'app.log');
    const service = await start(logFile, 'rotated');
    await serveLoad(service);
    renameSync(logFile, `${logFile}.1`);
    symlinkSync('/dev/full', logFile);
    service.kill('SIGHUP');
    // A request each try: its access line is a write to the new file (the scrape is not logged, and
    // the lines of the load before may all be written before the SIGHUP).
    await pollUntil(
      async () => {
        await fetch(service.url).then((response) => response.arrayBuffer());
        return (await logWriteErrors(service)) > 0 ? true : undefined;
      },
      'the first failed write after the rotation',
      10_000,
    );
    const { samples, summary } = await serveLoad(service);
    const reports = reportsOf(service, logFile);

    rmSync(logFile);
    writeFileSync(logFile, '');
    service.kill('SIGHUP');
    await pollUntil(
      async () => {
        await fetch(service.url).then((response) => response.arrayBuffer());
        return readFileSync(logFile, 'utf8').includes('"msg":"served"') ? true : undefined;
      },
      'log lines in the file again after the next rotation',
      10_000,
    );
    console.log(
      `log file made unwritable at rotation: ${summary.requests} requests, ${summary.failed} failed, p99 ${ms(summary.p99)}; ` +
        `${reports.length} report line(s) on stderr for ${await logWriteErrors(service)} failed writes; lines written again after the next SIGHUP`,
    );
    expect(failures(samples)).toEqual({});
    expect(reports).toHaveLength(1);
  });

  const tinyDisk = join(tmpdir(), `sightline-faults-tinydisk-${process.pid}`);
  const cannotMount = mountTinyDisk(tinyDisk);
  if (cannotMount !== undefined) console.log(`skipping the tmpfs case: ${cannotMount}; /dev/full covers ENOSPC`);
  afterAll(() => {
    if (cannotMount === undefined) execFileSync('umount', [tinyDisk]);
    rmSync(tinyDisk, { recursive: true, force: true });
  });

  it.skipIf(cannotMount !== undefined)(
    'keeps serving when the disk under its log file fills up (64 KiB tmpfs), and reports it once',
    async () => {
      const logFile = join(tinyDisk, 'app.log');
      const service = await start(logFile, 'tiny-disk');
      const { samples, summary } = await serveLoad(service);
      const reports = reportsOf(service, logFile);
      const written = readFileSync(logFile, 'utf8').split('\n').length - 1;
      // It holds the file open: stopped here, so the disk can be unmounted.
      await service.destroy();
      console.log(
        `log file on a 64 KiB disk: ${summary.requests} requests, ${summary.failed} failed, p99 ${ms(summary.p99)}; ` +
          `${written} lines fit, then ${reports.length} report line(s) on stderr: ${reports[0]}`,
      );
      expect(failures(samples)).toEqual({});
      expect(written).toBeLessThan(summary.requests);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('ENOSPC');
    },
  );
});
