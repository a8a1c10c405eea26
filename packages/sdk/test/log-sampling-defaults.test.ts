import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObserver, type Observer } from '../src/index.js';

/** What the SDK README says about log sampling (whitespace folded: prose wraps); these tests keep it true. */
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

function observerWriting(lines: string[], sampling?: false): Observer {
  return createObserver({
    // The one option given: without a name the observer's first line says so (see create-observer.test.ts).
    serviceName: 'sampling-defaults',
    env: {},
    registerGlobal: false,
    log: { destinations: [{ stream: { write: (chunk: string) => lines.push(chunk) } }], ...(sampling === false ? { sampling } : {}) },
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
  });
}

async function sampledOut(observer: Observer, level: string): Promise<string | undefined> {
  const body = (await observer.metrics.render(undefined)).body;
  return new RegExp(`^sightline_log_lines_sampled_out_total\\{level="${level}"\\} (\\d+)$`, 'm').exec(body)?.[1];
}

describe('log sampling with the default options', () => {
  let observer: Observer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await observer?.shutdown();
    observer = undefined;
  });

  // The sampler reads Date.now: a frozen clock keeps every line of a burst in one tick.
  const freezeClock = () => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });

  it('starts a fresh allowance of 100 lines 1000 ms after the tick began, the defaults the README states', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines);
    const burst = (tick: string) => {
      for (let i = 0; i < 150; i++) observer?.logger.info({ tick }, 'cache miss');
    };
    burst('first');
    vi.setSystemTime(Date.now() + 999);
    burst('same tick');
    vi.setSystemTime(Date.now() + 1);
    burst('next tick');
    await observer.shutdown();

    const ticks = lines.map((line) => (JSON.parse(line) as { tick: string }).tick);
    // 300 lines in the first tick: 100 kept, then the 200th and the 300th.
    expect(ticks.filter((tick) => tick === 'first')).toHaveLength(100);
    expect(ticks.filter((tick) => tick === 'same tick')).toHaveLength(2);
    expect(ticks.filter((tick) => tick === 'next tick')).toHaveLength(100);
    expect(README).toContain('| `initial` | 100 |');
    expect(README).toContain('| `thereafter` | 100 |');
    expect(README).toContain('| `tickMs` | 1000 |');
  });

  it('writes 109 of 1,000 identical info lines logged within one tick and counts 891 as sampled out', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines);
    for (let i = 0; i < 1000; i++) observer.logger.info({ attempt: i }, 'retrying connection');
    await observer.shutdown();

    const attempts = lines.map((line) => (JSON.parse(line) as { attempt: number }).attempt);
    expect(attempts).toHaveLength(109);
    expect(attempts.slice(0, 100)).toEqual([...Array(100).keys()]);
    expect(attempts.slice(100)).toEqual([199, 299, 399, 499, 599, 699, 799, 899, 999]);
    expect(await sampledOut(observer, 'info')).toBe('891');
    expect(README).toContain('of 1,000 identical lines within one tick, 109 are written');
    expect(README).toContain('and 891 are dropped');
  });

  it('samples error lines too, but never fatal ones', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines);
    for (let i = 0; i < 150; i++) observer.logger.error('payment declined');
    for (let i = 0; i < 150; i++) observer.logger.fatal('cannot continue');
    await observer.shutdown();

    expect(lines.filter((line) => line.includes('payment declined'))).toHaveLength(100);
    expect(lines.filter((line) => line.includes('cannot continue'))).toHaveLength(150);
    expect(await sampledOut(observer, 'error')).toBe('50');
  });

  it('gives lines without a message one shared allowance per level, whatever their fields', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines);
    for (let i = 0; i < 150; i++) observer.logger.info({ orderId: i, event: i % 2 === 0 ? 'placed' : 'paid' });
    await observer.shutdown();

    expect(lines).toHaveLength(100);
  });

  it('counts a format string with its placeholders, not the interpolated text, as the message', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines);
    for (let i = 0; i < 150; i++) observer.logger.info('order %d placed', i);
    for (let i = 0; i < 150; i++) observer.logger.info(`invoice ${i} sent`);
    await observer.shutdown();

    expect(lines.filter((line) => line.includes('placed'))).toHaveLength(100);
    expect(lines.filter((line) => line.includes('sent'))).toHaveLength(150);
  });

  it('writes every line with log.sampling: false', async () => {
    freezeClock();
    const lines: string[] = [];
    observer = observerWriting(lines, false);
    for (let i = 0; i < 1000; i++) observer.logger.info('retrying connection');
    await observer.shutdown();

    expect(lines).toHaveLength(1000);
    expect([undefined, '0']).toContain(await sampledOut(observer, 'info'));
  });
});
