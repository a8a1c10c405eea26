import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
