import { describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';

/** A probe that throws `failures` times, then finds `value`. */
function flaky<T>(failures: number, value: T): { probe: () => T; calls: () => number } {
  let calls = 0;
  return {
    probe: () => {
      calls++;
      if (calls <= failures) throw new Error(`refused ${calls}`);
      return value;
    },
    calls: () => calls,
  };
}

describe('eventually', () => {
  it('resolves with the first value that is not undefined, from a sync or an async probe', async () => {
    let calls = 0;
    expect(await eventually(() => (++calls >= 3 ? 'found' : undefined), 'a value')).toBe('found');
    expect(await eventually(async () => 0, 'zero')).toBe(0);
  });

  it('rejects at once when the probe throws, unless told to retry errors', async () => {
    const once = flaky(1, 'up');
    await expect(eventually(once.probe, 'the daemon')).rejects.toThrow('refused 1');
    expect(once.calls()).toBe(1);
  });

  it('tries a throwing probe again with retryErrors, until it answers', async () => {
    const twice = flaky(2, 'up');
    expect(await eventually(twice.probe, 'the daemon', { retryErrors: true, intervalMs: 1 })).toBe('up');
    expect(twice.calls()).toBe(3);
  });

  it('names what it waited for, the last error and the details when the time is up', async () => {
    const never = flaky(Number.POSITIVE_INFINITY, 'up');
    await expect(
      eventually(never.probe, 'the daemon', { timeoutMs: 20, intervalMs: 1, retryErrors: true, details: () => 'daemon log: starting' }),
    ).rejects.toThrow(/^timed out after 20 ms waiting for the daemon; last error: Error: refused \d+\ndaemon log: starting$/);
  });

  it('takes a number as its third argument as the timeout', async () => {
    await expect(eventually(() => undefined, 'nothing', 10)).rejects.toThrow('timed out after 10 ms waiting for nothing');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('the daemon exited'));
    await expect(eventually(() => undefined, 'the daemon', { signal: controller.signal })).rejects.toThrow('the daemon exited');
  });
});
