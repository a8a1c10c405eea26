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

  it("hands a query's result on before ingest resumes", async () => {
    const priority = new QueryPriority(10_000);
    const order: string[] = [];
    let end!: (value: string) => void;
    // As the worker does: the answer goes through a few more promise layers before it is posted.
    const answer = priority
      .run(() => new Promise<string>((resolve) => (end = resolve)))
      .then((value) => value)
      .then((value) => order.push(`posted ${value}`));
    const ingest = priority.idle().then(() => order.push('ingest'));
    end('result');
    await Promise.all([answer, ingest]);
    expect(order).toEqual(['posted result', 'ingest']);
  });

  it('says whether a query ran a moment ago', async () => {
    const priority = new QueryPriority(10_000);
    expect(priority.recentlyBusy(1_000)).toBe(false);
    const query = priority.run(() => new Promise<void>((resolve) => setTimeout(resolve, 5)));
    expect(priority.recentlyBusy(1_000)).toBe(true);
    await query;
    expect(priority.recentlyBusy(1_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(priority.recentlyBusy(10)).toBe(false);
  });
});
