import { afterEach, describe, expect, it, vi } from 'vitest';
import { SightlineShutdownTimeoutError } from '../sightline-error/index.js';
import { Lifecycle } from './lifecycle.js';
import type { ShutdownPhase } from './shutdown-phase.js';

function recordingLifecycle(timeoutMs = 1000) {
  const hookErrors: [string, unknown][] = [];
  const lifecycle = new Lifecycle(timeoutMs, (name, error) => hookErrors.push([name, error]));
  return { lifecycle, hookErrors };
}

/** A promise that never settles: a hook stuck on an unreachable collector. */
const never = () => new Promise<void>(() => {});

describe('Lifecycle.shutdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the phases in order: intake, drain, flush, close', async () => {
    const { lifecycle, hookErrors } = recordingLifecycle();
    const order: string[] = [];
    const phases: ShutdownPhase[] = ['close', 'flush', 'drain', 'intake'];
    for (const phase of phases) lifecycle.register(`${phase}-hook`, phase, () => order.push(phase));

    await lifecycle.shutdown();

    expect(order).toEqual(['intake', 'drain', 'flush', 'close']);
    expect(hookErrors).toEqual([]);
  });

  it('waits for every async hook of a phase before starting the next phase', async () => {
    const { lifecycle } = recordingLifecycle();
    const events: string[] = [];
    lifecycle.register('server', 'intake', async () => {
      events.push('intake started');
      await new Promise((resolve) => setImmediate(resolve));
      events.push('intake finished');
    });
    lifecycle.register('requests', 'drain', () => {
      events.push('drain started');
    });
    lifecycle.register('exporter', 'flush', async () => {
      await Promise.resolve();
      events.push('flush finished');
    });
    lifecycle.register('log file', 'close', () => {
      events.push('close started');
    });

    await lifecycle.shutdown();

    expect(events).toEqual(['intake started', 'intake finished', 'drain started', 'flush finished', 'close started']);
  });

  it('runs the hooks of one phase concurrently', async () => {
    const { lifecycle, hookErrors } = recordingLifecycle();
    let secondStarted!: () => void;
    const second = new Promise<void>((resolve) => {
      secondStarted = resolve;
    });
    const finished: string[] = [];
    lifecycle.register('first', 'flush', async () => {
      await second;
      finished.push('first');
    });
    lifecycle.register('second', 'flush', () => {
      secondStarted();
      finished.push('second');
    });

    await lifecycle.shutdown();

    expect(finished).toEqual(['second', 'first']);
    expect(hookErrors).toEqual([]);
  });

  it('returns the same promise from every call and runs each hook once', async () => {
    const { lifecycle } = recordingLifecycle();
    const flush = vi.fn();
    lifecycle.register('exporter', 'flush', flush);

    const first = lifecycle.shutdown();
    const second = lifecycle.shutdown();
    await first;
    const third = lifecycle.shutdown();
    await third;

    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('reports stopping from the first shutdown() call on', () => {
    const { lifecycle } = recordingLifecycle();
    expect(lifecycle.stopping).toBe(false);

    const done = lifecycle.shutdown();

    expect(lifecycle.stopping).toBe(true);
    return done;
  });

  it('resolves at once when no hooks are registered', async () => {
    const { lifecycle, hookErrors } = recordingLifecycle();

    await expect(lifecycle.shutdown()).resolves.toBeUndefined();
    expect(hookErrors).toEqual([]);
  });

  it('reports a hook that throws and still runs the rest', async () => {
    const { lifecycle, hookErrors } = recordingLifecycle();
    const syncFailure = new Error('server already closed');
    const asyncFailure = new Error('export failed');
    const ran: string[] = [];
    lifecycle.register('server', 'intake', () => {
      throw syncFailure;
    });
    lifecycle.register('exporter', 'flush', async () => {
      throw asyncFailure;
    });
    lifecycle.register('metrics', 'flush', () => ran.push('metrics'));
    lifecycle.register('log file', 'close', () => ran.push('log file'));

    await expect(lifecycle.shutdown()).resolves.toBeUndefined();

    expect(hookErrors).toEqual([
      ['server', syncFailure],
      ['exporter', asyncFailure],
    ]);
    expect(ran).toEqual(['metrics', 'log file']);
  });

  it('reports a hanging flush hook with SightlineShutdownTimeoutError and still runs the close phase', async () => {
    const { lifecycle, hookErrors } = recordingLifecycle(50);
    const closed = vi.fn();
    lifecycle.register('trace exporter', 'flush', never);
    lifecycle.register('metrics push', 'flush', () => undefined);
    lifecycle.register('log file', 'close', closed);

    await lifecycle.shutdown();

    expect(hookErrors).toHaveLength(1);
    const [name, error] = hookErrors[0] as [string, SightlineShutdownTimeoutError];
    expect(name).toBe('shutdown');
    expect(error).toBeInstanceOf(SightlineShutdownTimeoutError);
    expect(error.code).toBe('SL_SHUTDOWN_TIMEOUT');
    expect(error.pending).toEqual(['trace exporter']);
    expect(error.message).toContain('50 ms');
    expect(error.message).toContain('trace exporter');
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('shares one deadline across the bounded phases', async () => {
    vi.useFakeTimers();
    const { lifecycle, hookErrors } = recordingLifecycle(100);
    const closed = vi.fn();
    lifecycle.register('server', 'intake', () => new Promise((resolve) => setTimeout(resolve, 70)));
    lifecycle.register('exporter', 'flush', () => new Promise((resolve) => setTimeout(resolve, 70)));
    lifecycle.register('log file', 'close', closed);

    const done = lifecycle.shutdown();
    await vi.advanceTimersByTimeAsync(100);
    await done;

    expect(hookErrors.map(([, error]) => (error as SightlineShutdownTimeoutError).pending)).toEqual([['exporter']]);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('gives the close phase its own budget so a hanging close hook cannot block shutdown', async () => {
    vi.useFakeTimers();
    const { lifecycle } = recordingLifecycle(50);
    const closed = vi.fn();
    lifecycle.register('stuck socket', 'close', never);
    lifecycle.register('log file', 'close', closed);
    let resolved = false;

    const done = lifecycle.shutdown().then(() => {
      resolved = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await done;

    expect(resolved).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
