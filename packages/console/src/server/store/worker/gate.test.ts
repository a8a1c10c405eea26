import { describe, expect, it } from 'vitest';
import { Gate } from './gate.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('Gate', () => {
  it('runs shared work together and exclusive work only once the shared work is done', async () => {
    const gate = new Gate();
    const events: string[] = [];
    const first = deferred();
    const second = deferred();
    const a = gate.shared(async () => {
      events.push('a start');
      await first.promise;
      events.push('a end');
    });
    const b = gate.shared(async () => {
      events.push('b start');
      await second.promise;
      events.push('b end');
    });
    const x = gate.exclusive(async () => {
      events.push('x');
    });
    const c = gate.shared(async () => {
      events.push('c');
    });
    await Promise.resolve();
    expect(events).toEqual(['a start', 'b start']);
    first.resolve();
    second.resolve();
    await Promise.all([a, b, x, c]);
    // c arrived after x: it waits for x (first come, first served), so x is never starved.
    expect(events).toEqual(['a start', 'b start', 'a end', 'b end', 'x', 'c']);
  });

  it('releases the gate when the work throws', async () => {
    const gate = new Gate();
    await expect(gate.exclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.shared(async () => 'ok')).resolves.toBe('ok');
  });
});
