import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CollectorFault, type FailingCollector, startFailingCollector } from '../../../test/support/failing-collector.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { OtlpHttpSender } from './otlp-http-sender.js';

/** An ExportTraceServiceRequest with no resource spans: zero bytes, which a receiver accepts. */
const EMPTY_REQUEST = Buffer.alloc(0);

let receiver: OtlpReceiver;
const senders: OtlpHttpSender[] = [];

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  for (const sender of senders.splice(0)) sender.close();
  await receiver.close();
});

function sender(timeoutMs: number): OtlpHttpSender {
  const created = new OtlpHttpSender({ url: receiver.tracesUrl, timeoutMs, maxSockets: 1 });
  senders.push(created);
  return created;
}

describe('OtlpHttpSender', () => {
  it('resolves with no error once the collector accepts the request', async () => {
    expect(await sender(1000).send(EMPTY_REQUEST, 0)).toBeUndefined();
    expect(receiver.requestCount).toBe(1);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const retryAt = new Date(Date.now() + 1500).toUTCString();
    receiver.script([{ status: 503, headers: { 'retry-after': retryAt } }]);
    const started = performance.now();
    expect(await sender(5000).send(EMPTY_REQUEST, 0)).toBeUndefined();
    // HTTP dates have whole seconds, so the wait is between 0.5 and 1.5 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    expect(receiver.requestCount).toBe(2);
  });

  it('gives up on a collector that does not answer within the export timeout', async () => {
    receiver.script([{ status: 200, delayMs: 2000 }]);
    const started = performance.now();
    const error = await sender(300).send(EMPTY_REQUEST, 4);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ code: 'SL_OTLP_EXPORT_FAILED', status: undefined, attempts: 1, items: 4 });
    expect(error?.message).toContain('no response within');
  });

  it('retries a 502 and a 504 as well as 503 and 429', async () => {
    receiver.script([502, 504]);
    expect(await sender(5000).send(EMPTY_REQUEST, 0)).toBeUndefined();
    expect(receiver.requestCount).toBe(3);
  });

  it('rejects a header that HTTP cannot carry when it is constructed', () => {
    expect(() => new OtlpHttpSender({ url: receiver.tracesUrl, headers: { 'x-key': 'a\nb' }, timeoutMs: 1000, maxSockets: 1 })).toThrow(
      /trace\.headers\["x-key"\] cannot be sent/,
    );
  });

  it('rejects an endpoint that is not http or https when it is constructed', () => {
    expect(() => new OtlpHttpSender({ url: 'ftp://collector/v1/traces', timeoutMs: 1000, maxSockets: 1 })).toThrow(
      /trace\.endpoint must be an http:\/\/ or https:\/\/ URL/,
    );
  });
});

describe('OtlpHttpSender during shutdown (stopBy)', () => {
  const collectors: FailingCollector[] = [];
  afterEach(async () => {
    await Promise.all(collectors.splice(0).map((collector) => collector.close()));
  });

  async function failingSender(
    fault: CollectorFault,
    timeoutMs = 60_000,
  ): Promise<{ sender: OtlpHttpSender; collector: FailingCollector }> {
    const collector = await startFailingCollector(fault);
    collectors.push(collector);
    const created = new OtlpHttpSender({ url: `${collector.url}/v1/traces`, timeoutMs, maxSockets: 1 });
    senders.push(created);
    return { sender: created, collector };
  }

  it('fails an export to a refused port after one attempt once shutdown has begun', async () => {
    const { sender: refusing } = await failingSender('refused');
    refusing.stopBy(60_000);
    const error = await refusing.send(EMPTY_REQUEST, 3);
    expect(error).toMatchObject({ code: 'SL_OTLP_EXPORT_FAILED', status: undefined, attempts: 1, items: 3 });
    expect(error?.reason).toMatch(/ECONNREFUSED .*\(not retried during shutdown\)$/);
  });

  it('ends the retry loop of an export to a refused port when shutdown begins', async () => {
    const { sender: refusing } = await failingSender('refused');
    // Outside shutdown a refused connection is retried for the whole minute of the export timeout.
    const sent = refusing.send(EMPTY_REQUEST, 2);
    await new Promise((resolve) => setImmediate(resolve));
    refusing.stopBy(60_000);
    const error = await sent;
    expect(error?.reason).toMatch(/ECONNREFUSED .*\(not retried during shutdown\)$/);
  });

  it('abandons a request to a collector that accepts and never answers at the flush deadline', async () => {
    const { sender: stuck, collector } = await failingSender('hanging');
    const sent = stuck.send(EMPTY_REQUEST, 5);
    stuck.stopBy(200);
    const error = await sent;
    expect(collector.hits).toBe(1);
    expect(error).toMatchObject({ status: undefined, attempts: 1, items: 5 });
    expect(error?.reason).toMatch(/shutdown flush deadline/);
  });

  it('retries a 503 during shutdown only until the flush deadline', async () => {
    const { sender: busy, collector } = await failingSender('unavailable');
    // Long enough that the first 503 comes back before it on a loaded machine (300 ms once did not).
    busy.stopBy(2_000);
    const error = await busy.send(EMPTY_REQUEST, 1);
    expect(error?.status).toBe(503);
    expect(error?.attempts).toBe(collector.hits);
    expect(error?.reason).toMatch(
      /^HTTP 503: collector overloaded \((no time left before|abandoned at) the 2000 ms shutdown flush deadline\)$/,
    );
  });
});
