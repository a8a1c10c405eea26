import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createObserver } from '../src/index.js';
import { eventually } from '../src/testing/index.js';

let dir = '';
afterAll(() => rm(dir, { recursive: true, force: true }));

it('counts log lines a closed file destination dropped in sightline_log_lines_dropped_total', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-dropped-'));
  const path = join(dir, 'app.log');
  const observer = createObserver({
    env: {},
    registerGlobal: false,
    log: { destinations: [{ path }], sampling: false },
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
  });
  const dropped = async () => (await observer.metrics.render(undefined)).body.match(/^sightline_log_lines_dropped_total (\d+)$/m)?.[1];

  observer.logger.info('before shutdown');
  expect(await dropped()).toBe('0');
  await observer.shutdown(); // flushes and closes the file

  observer.logger.info('after shutdown 1');
  observer.logger.info('after shutdown 2');
  expect(await dropped()).toBe('2');
  const written = await readFile(path, 'utf8');
  expect(written).toContain('before shutdown');
  expect(written).not.toContain('after shutdown');
});

const hasDevFull = existsSync('/dev/full');
if (!hasDevFull) console.log('skipping the failed-write test: /dev/full (writes fail with ENOSPC) exists only on Linux');

it.skipIf(!hasDevFull)('counts a failed write as an internal log-write error and its line as dropped', async () => {
  const observer = createObserver({
    env: {},
    // Named, so that the observer writes no warning of its own: the test's line is the only one.
    serviceName: 'log-write-test',
    registerGlobal: false,
    // Every write to /dev/full fails with ENOSPC: a full disk, for real.
    log: { destinations: [{ path: '/dev/full', mkdir: false }], sampling: false },
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
  });
  observer.logger.info('this line cannot be written');
  const metrics = () => observer.metrics.render(undefined).then((rendered) => rendered.body);
  const text = await eventually(async () => {
    const body = await metrics();
    return /^sightline_internal_errors_total\{component="log-write"\} 1$/m.test(body) ? body : undefined;
  }, 'the failed write to be counted');
  expect(text).toMatch(/^sightline_log_lines_dropped_total 1$/m);
  await observer.shutdown();
});
