import { afterEach, describe, expect, it } from 'vitest';
import { createObserver } from './create-observer.js';
import type { Observer } from './observer-api.js';

const opened: Observer[] = [];
/** The lines as written (JSON.parse keeps the last of two equal keys: a repeated key shows only here). */
const written: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((observer) => observer.shutdown()));
});

/** An observer with `options` and the environment `env`, its log lines collected. */
function observe(options: Parameters<typeof createObserver>[0], env: Record<string, string>): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const observer = createObserver({
    ...options,
    env,
    registerGlobal: false,
    log: {
      destinations: [
        {
          stream: {
            write: (line: string) => {
              written.push(line);
              lines.push(JSON.parse(line));
            },
          },
        },
      ],
    },
    trace: { enabled: false },
    metrics: { defaultMetrics: false },
  });
  opened.push(observer);
  return lines;
}

describe('createObserver without a service name', () => {
  it("says so once, at setup, naming OpenTelemetry's default it falls back to and how to set one", () => {
    const lines = observe({}, { NODE_ENV: 'production' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        service: 'unknown_service:node',
        msg: expect.stringMatching(/^no service name: .*set serviceName in createObserver\(\) or OTEL_SERVICE_NAME$/),
      }),
    ]);
    // Once: the line's binding names the service; a second "service" key is refused by strict JSON readers.
    expect(written.at(-1)?.match(/"service":/g)).toHaveLength(1);
  });

  it.each([
    ['serviceName', { serviceName: 'checkout' }, {}],
    ['OTEL_SERVICE_NAME', {}, { OTEL_SERVICE_NAME: 'checkout' }],
    ['OTEL_RESOURCE_ATTRIBUTES', {}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=checkout' }],
  ])('is quiet when %s names the service', (_case, options, env) => {
    expect(observe(options, env)).toEqual([]);
  });
});
