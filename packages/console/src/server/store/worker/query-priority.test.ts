import { describe, expect, it } from 'vitest';
import { QueryPriority } from './query-priority.js';

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('QueryPriority', () => {
  it('lets ingest go on at once when no query runs', async () => {
    const priority = new QueryPriority(10_000);
    expect(priority.busy).toBe(false);
    expect(await settled(priority.idle())).toBe(true);
  });

  it('holds ingest while a query runs and releases it when the last query ends', async () => {
    const priority = new QueryPriority(10_000);
    let endFirst!: () => void;
    let endSecond!: () => void;
    const first = priority.run(() => new Promise<void>((resolve) => (endFirst = resolve)));
    const second = priority.run(() => new Promise<void>((resolve) => (endSecond = resolve)));
    expect(priority.busy).toBe(true);
    const waiting = priority.idle();
    endFirst();
    await first;
    expect(await settled(waiting)).toBe(false);
    endSecond();
    await second;
    expect(await settled(waiting)).toBe(true);
    expect(priority.busy).toBe(false);
  });

  it('holds ingest for at most maxWaitMs, so a long query cannot stop it', async () => {
    const priority = new QueryPriority(20);
    let end!: () => void;
    const query = priority.run(() => new Promise<void>((resolve) => (end = resolve)));
    await priority.idle();
    expect(priority.busy).toBe(true);
    end();
    await query;
  });

  it('counts a failed query as ended', async () => {
    const priority = new QueryPriority(10_000);
    await expect(priority.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(priority.busy).toBe(false);
    expect(await settled(priority.idle())).toBe(true);
  });
});
