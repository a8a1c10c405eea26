import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_NODE_ARGS } from './service-process.js';

/** A process as npm start runs one: it reports SIGTERM on its stdout, then exits. */
const SERVICE = [
  "process.on('SIGTERM', () => { process.stdout.write('SIGTERM\\n'); process.exit(0); });",
  "process.stdout.write('ready ' + process.pid + '\\n');",
  'setInterval(() => {}, 1000);',
].join(' ');

/** npm start's stand-in: spawns the service with EXAMPLE_NODE_ARGS and lives until killed. */
const PARENT = [
  "const { spawn } = require('node:child_process');",
  "spawn(process.execPath, JSON.parse(process.argv[1]), { stdio: ['ignore', 'inherit', 'inherit'] });",
  'setInterval(() => {}, 1000);',
].join(' ');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let leftover: number | undefined;
afterEach(() => {
  if (leftover !== undefined && alive(leftover)) process.kill(leftover, 'SIGKILL');
});

describe('a process npm start runs', () => {
  it('stops itself with SIGTERM when npm start dies without stopping it (kill -9), and not before', async () => {
    const parent = spawn(process.execPath, ['-e', PARENT, JSON.stringify([...EXAMPLE_NODE_ARGS, '-e', SERVICE])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: parent.stdout! })[Symbol.asyncIterator]();
    const ready = /^ready (\d+)$/.exec(String((await lines.next()).value));
    expect(ready).not.toBeNull();
    const service = Number(ready![1]);
    leftover = service;

    // With its parent alive, the watch leaves it running.
    await sleep(1200);
    expect(alive(service)).toBe(true);

    parent.kill('SIGKILL');
    await once(parent, 'exit');
    // Its stdout is still the pipe this test reads: it says it got SIGTERM, then it is gone.
    expect((await lines.next()).value).toBe('SIGTERM');
    const deadline = Date.now() + 5000;
    while (alive(service) && Date.now() < deadline) await sleep(50);
    expect(alive(service)).toBe(false);
  });
});
