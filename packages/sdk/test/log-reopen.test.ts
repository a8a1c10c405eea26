import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createObserver, type Observer } from '../src/index.js';
import { eventually } from '../src/testing/index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-reopen-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function fileObserver(path: string, mkdir = true): Observer {
  return createObserver({
    env: {},
    registerGlobal: false,
    log: { destinations: [{ path, mkdir }], sampling: false },
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
  });
}

it('reopenLogFiles() continues in a new file at the same path after rotation moved the old one away', async () => {
  const path = join(dir, 'app.log');
  const observer = fileObserver(path);
  observer.logger.info('before rotation');
  // The line goes out at once (nothing is backlogged); wait until the file has it.
  await eventually(async () => ((await readFile(path, 'utf8')).includes('before rotation') ? true : undefined), 'the first line');
  await rename(path, `${path}.1`); // what logrotate does without copytruncate
  observer.reopenLogFiles();
  observer.logger.info('after rotation');
  await observer.shutdown();

  const rotated = await readFile(`${path}.1`, 'utf8');
  const current = await readFile(path, 'utf8');
  expect(rotated).toContain('before rotation');
  expect(rotated).not.toContain('after rotation');
  expect(current).toContain('after rotation');
  expect(current).not.toContain('before rotation');
});

it('contains a file that cannot be reopened: counted as an internal error, lines keep going to the old file', async () => {
  const folder = join(dir, 'gone');
  await mkdir(folder);
  const path = join(folder, 'app.log');
  const observer = fileObserver(path, false);
  observer.logger.info('first');
  await rm(folder, { recursive: true }); // the folder is gone and mkdir is off: reopening fails

  expect(() => observer.reopenLogFiles()).not.toThrow();
  observer.logger.info('second');
  const text = (await observer.metrics.render(undefined)).body;
  expect(text).toMatch(/^sightline_internal_errors_total\{component="log"\} 1$/m);
  expect(text).toMatch(/^sightline_log_lines_dropped_total 0$/m);
  await observer.shutdown();
});
