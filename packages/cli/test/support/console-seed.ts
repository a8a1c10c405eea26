/**
 * Telemetry for the console-query tests, sent the way exporters send it: OTLP/JSON bodies
 * POSTed to a real console's receiver. Times are relative to now so `--since 1h` windows hold
 * them; one span is three hours old so windows visibly leave it out.
 */
export const SEED = {
  checkoutTrace: '4bf92f3577b34da6a3ce929d0e0e4736',
  healthTrace: '5cf92f3577b34da6a3ce929d0e0e4737',
  oldTrace: '6df92f3577b34da6a3ce929d0e0e4738',
  serverSpan: '00f067aa0ba902b7',
  dbSpan: '00f067aa0ba902b8',
  paymentsSpan: '00f067aa0ba902b9',
} as const;

const MS = 1_000_000n;
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const resource = (service: string) => ({ attributes: [text('service.name', service)] });

function span(traceId: string, spanId: string, name: string, startNs: bigint, durationMs: bigint, extra: Record<string, unknown> = {}) {
  return {
    traceId,
    spanId,
    name,
    kind: 2,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + durationMs * MS),
    ...extra,
  };
}

export function seedBodies(nowMs: number): { traces: unknown; logs: unknown } {
  const t0 = BigInt(nowMs - 60_000) * MS;
  const { checkoutTrace, healthTrace, oldTrace, serverSpan, dbSpan, paymentsSpan } = SEED;
  const traces = {
    resourceSpans: [
      {
        resource: resource('orders-api'),
        scopeSpans: [
          {
            spans: [
              span(checkoutTrace, serverSpan, 'POST /checkout/:id', t0, 120n, {
                attributes: [
                  text('http.route', '/checkout/:id'),
                  text('http.request.method', 'POST'),
                  int('http.response.status_code', 500),
                ],
                status: { code: 2, message: 'cart is empty' },
                events: [
                  {
                    name: 'exception',
                    timeUnixNano: String(t0 + 100n * MS),
                    attributes: [
                      text('exception.type', 'TypeError'),
                      text('exception.message', 'cart is empty'),
                      text('exception.stacktrace', 'TypeError: cart is empty\n    at checkout (/srv/orders/checkout.js:42:11)'),
                    ],
                  },
                ],
              }),
              span(checkoutTrace, dbSpan, 'SELECT orders', t0 + 5n * MS, 80n, { parentSpanId: serverSpan, kind: 3 }),
              span(healthTrace, '00f067aa0ba902c1', 'GET /healthz', t0 + 1_000n * MS, 5n, {
                attributes: [text('http.route', '/healthz'), text('http.request.method', 'GET'), int('http.response.status_code', 200)],
                status: { code: 1 },
              }),
              span(oldTrace, '00f067aa0ba902d1', 'GET /old', t0 - 3n * 3_600_000n * MS, 7n),
            ],
          },
        ],
      },
      {
        resource: resource('payments'),
        scopeSpans: [{ spans: [span(checkoutTrace, paymentsSpan, 'POST /charge', t0 + 90n * MS, 25n, { parentSpanId: serverSpan })] }],
      },
    ],
  };
  const logs = {
    resourceLogs: [
      {
        resource: resource('orders-api'),
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: String(t0 + 1n * MS),
                severityNumber: 9,
                severityText: 'info',
                body: { stringValue: 'checkout started for order 42' },
                traceId: checkoutTrace,
                spanId: serverSpan,
              },
              {
                timeUnixNano: String(t0 + 110n * MS),
                severityNumber: 17,
                severityText: 'error',
                body: { stringValue: 'checkout failed' },
                attributes: [text('order.id', '42')],
                traceId: checkoutTrace,
                spanId: serverSpan,
              },
            ],
          },
        ],
      },
      {
        resource: resource('payments'),
        scopeLogs: [
          {
            logRecords: [{ timeUnixNano: String(t0 + 95n * MS), severityNumber: 13, body: { stringValue: 'card network slow' } }],
          },
        ],
      },
    ],
  };
  return { traces, logs };
}

/** POSTs one OTLP/JSON body and fails loudly unless the receiver answers 200. */
export async function postOtlp(otlpUrl: string, signal: 'traces' | 'logs', body: unknown): Promise<void> {
  const response = await fetch(`${otlpUrl}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.text();
  if (response.status !== 200 || answer.includes('rejected')) throw new Error(`OTLP ${signal}: ${response.status} ${answer}`);
}
