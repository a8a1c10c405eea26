import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

// The ingest queue's bound against the body-size limit, through the real receiver and store
// (default settings: bodies up to 20 MiB, 64 MiB of estimated rows waiting for commit).

let running: RunningConsole;
beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
});
afterAll(async () => {
  await running?.close();
});

/** An OTLP/JSON export of one span of trace `traceId` carrying about `mib` MiB of attribute text. */
function bigExport(traceId: string, mib: number): string {
  const attributes = Array.from({ length: mib }, (_, index) => ({ key: `blob.${index}`, value: { stringValue: 'x'.repeat(1_000_000) } }));
  const start = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'big-bodies' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: 'eee19b7ec3c1b174',
                name: 'big',
                kind: 1,
                startTimeUnixNano: start.toString(),
                endTimeUnixNano: (start + 1_000n).toString(),
                attributes,
              },
            ],
          },
        ],
      },
    ],
  });
}

const post = (body: string) =>
  fetch(`${running.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
const traceIdOf = (index: number) => (0xb16000 + index).toString(16).padStart(32, '0');

describe('the ingest queue bound', () => {
  it('admits a body just under the 20 MiB limit into an idle console, however much its rows are estimated at', async () => {
    const body = bigExport(traceIdOf(0), 19);
    expect(body.length).toBeGreaterThan(19_000_000);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await running.store.trace(traceIdOf(0))).toHaveLength(1);
  });

  it('answers 503 with Retry-After and UNAVAILABLE when the queue is full, and stores exactly the exports it answered 200', async () => {
    const before = (await running.store.stats()).rows.spans;
    const answers = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const response = await post(bigExport(traceIdOf(index + 1), 12));
        return { index: index + 1, status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
      }),
    );
    const accepted = answers.filter((answer) => answer.status === 200);
    const throttled = answers.filter((answer) => answer.status === 503);
    expect(accepted.length + throttled.length).toBe(answers.length);
    expect(accepted.length).toBeGreaterThan(0);
    expect(throttled.length).toBeGreaterThan(0);
    for (const answer of throttled) {
      expect(answer.retryAfter).toBe('1');
      expect((JSON.parse(answer.body) as { code: number }).code).toBe(14);
    }
    expect((await running.store.stats()).rows.spans).toBe(before + accepted.length);
    for (const answer of throttled) expect(await running.store.trace(traceIdOf(answer.index))).toHaveLength(0);
  });
});
