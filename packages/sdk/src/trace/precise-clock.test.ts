import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HrTime, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { hrTimeToNanoseconds } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../adapters/index.js';
import { createObserver, type Observer } from '../observer/index.js';
import { PreciseClock, PreciseStartProcessor } from './precise-clock.js';

const ns = (time: HrTime) => hrTimeToNanoseconds(time);
/**
 * The clock follows the wall clock by moving its offset up a little when Date.now() runs ahead
 * (NTP slews it by up to 0.5 µs per ms), so two readings a few µs apart may disagree by as much;
 * Date.now() alone gets them wrong by up to a millisecond.
 */
const SLACK_NS = 20_000;
/** Busy-waits `ms`, so that spans straddle the wall clock's millisecond ticks. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('PreciseClock', () => {
  it('reads the wall clock to within a millisecond, with fractions of a millisecond, never going back between readings', () => {
    const clock = new PreciseClock();
    let previous = 0;
    let fractional = 0;
    for (let i = 0; i < 2000; i++) {
      // The true time of the reading is within [before, after + 1): Date.now() drops the fraction.
      const before = Date.now();
      const now = clock.nowMs();
      const after = Date.now();
      expect(now).toBeGreaterThan(before - 1);
      expect(now).toBeLessThan(after + 1.01);
      expect(now).toBeGreaterThanOrEqual(previous);
      if (now % 1 !== 0) fractional++;
      previous = now;
    }
    expect(fractional).toBeGreaterThan(1000);
  });

  it('gives an earlier performance reading its own time: the difference is the monotonic difference', () => {
    const clock = new PreciseClock();
    const earlier = performance.now();
    spin(3);
    const later = performance.now();
    expect(clock.at(later) - clock.at(earlier)).toBeCloseTo(later - earlier, 3);
  });
});

describe('PreciseStartProcessor', () => {
  function provider() {
    const exporter = new InMemorySpanExporter();
    const clock = new PreciseClock();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new PreciseStartProcessor(clock), new SimpleSpanProcessor({ exporter })],
    });
    return { tracer: tracerProvider.getTracer('precise-test'), exporter };
  }

  it('keeps every child within its parent and after the sibling before it, at sub-millisecond resolution (Date.now() alone breaks this)', () => {
    const { tracer, exporter } = provider();
    // 40 traces of a parent and two children, each spinning across millisecond ticks: with
    // starts truncated to whole milliseconds, some child would start before its parent or end after it.
    for (let i = 0; i < 40; i++) {
      // No context manager is registered here: the parent is handed over explicitly.
      const parent = tracer.startSpan('parent', {}, ROOT_CONTEXT);
      const inParent = trace.setSpan(ROOT_CONTEXT, parent);
      spin(0.3);
      const first = tracer.startSpan('first', {}, inParent);
      spin(0.3);
      first.end();
      const second = tracer.startSpan('second', {}, inParent);
      spin(0.2);
      second.end();
      parent.end();
    }
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(120);
    const parents = spans.filter((span) => span.name === 'parent');
    for (const parent of parents) {
      const children = spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
      const [first, second] = ['first', 'second'].map((name) => children.find((span) => span.name === name) as ReadableSpan);
      for (const child of [first, second]) {
        expect(ns(child!.startTime)).toBeGreaterThanOrEqual(ns(parent.startTime) - SLACK_NS);
        expect(ns(child!.endTime)).toBeLessThanOrEqual(ns(parent.endTime) + SLACK_NS);
      }
      expect(ns(second!.startTime)).toBeGreaterThanOrEqual(ns(first!.endTime) - SLACK_NS);
    }
    expect(spans.filter((span) => span.startTime[1] % 1_000_000 !== 0).length).toBeGreaterThan(100);
  });

  it('leaves a start time the caller gave as it is', () => {
    const { tracer, exporter } = provider();
    const given = Date.now() - 5000;
    tracer.startSpan('given', { startTime: given }, ROOT_CONTEXT).end();
    expect(ns(exporter.getFinishedSpans()[0]!.startTime)).toBe(given * 1_000_000);
  });
});

describe('server span and child spans of one request', () => {
  let observer: Observer | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    await observer?.shutdown();
  });

  it("puts the request pass's server span and the spans under it on one clock: the children inside the server span", async () => {
    const exporter = new InMemorySpanExporter();
    observer = createObserver({
      serviceName: 'precise-clock-test',
      env: {},
      registerGlobal: false,
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      trace: { enabled: true, sampleRatio: 1, exporter: 'none' },
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
    });
    const traced = observer;
    const server = createServer(
      sightlineHandler(traced, (_req, res) => {
        spin(0.2);
        traced.span('validate', () => spin(0.3));
        traced.span('charge', () => spin(0.3));
        res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (let i = 0; i < 20; i++) await (await fetch(url)).text();
    const deadline = Date.now() + 5000;
    while (exporter.getFinishedSpans().filter((span) => span.name === 'GET').length < 20 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const spans = exporter.getFinishedSpans();
    const servers = spans.filter((span) => span.name === 'GET');
    expect(servers).toHaveLength(20);
    for (const root of servers) {
      const children = spans.filter((span) => span.parentSpanContext?.spanId === root.spanContext().spanId);
      expect(children.map((span) => span.name).sort()).toEqual(['charge', 'validate']);
      for (const child of children) {
        expect(ns(child.startTime)).toBeGreaterThanOrEqual(ns(root.startTime) - SLACK_NS);
        expect(ns(child.endTime)).toBeLessThanOrEqual(ns(root.endTime) + SLACK_NS);
      }
    }
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
