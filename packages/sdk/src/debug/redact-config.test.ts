import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactConfig } from './redact-config.js';

describe('redactConfig', () => {
  it('censors secret-looking keys at any depth, every header value, URL credentials and known secret values', () => {
    const config = {
      serviceName: 'checkout',
      trace: { endpoint: 'https://user:hunter2@collector:4318/v1/traces', headers: { 'x-honeycomb-team': 'hc-key-123', 'x-tenant': '7' } },
      debug: { port: 6060, token: 'debug-token-abcdefghijkl' },
      nested: {
        deeper: { still: { deeper: { clientSecret: 'cs', sentryDsn: 'https://k@sentry.io/1', note: 'uses debug-token-abcdefghijkl' } } },
      },
      plain: { retries: 3, enabled: true, list: ['a', 'b'] },
      custom: { ssn: '123-45-6789' },
    };
    const redacted = redactConfig(config, { keys: ['ssn'], values: ['debug-token-abcdefghijkl'] });
    const text = JSON.stringify(redacted);
    for (const secret of ['hunter2', 'hc-key-123', 'debug-token-abcdefghijkl', '123-45-6789', '"cs"', 'k@sentry'])
      expect(text).not.toContain(secret);
    expect(redacted).toMatchObject({
      serviceName: 'checkout',
      trace: {
        endpoint: 'https://[REDACTED]@collector:4318/v1/traces',
        headers: { 'x-honeycomb-team': '[REDACTED]', 'x-tenant': '[REDACTED]' },
      },
      debug: { port: 6060, token: '[REDACTED]' },
      plain: { retries: 3, enabled: true, list: ['a', 'b'] },
      custom: { ssn: '[REDACTED]' },
    });
  });

  it('describes streams and functions instead of serialising them, and leaves the input untouched', () => {
    const stream = new Writable();
    const config = { log: { destinations: [{ stream }], serializer: () => 1 }, token: 'x' };
    expect(redactConfig(config)).toEqual({
      log: { destinations: [{ stream: '[Writable]' }], serializer: '[Function]' },
      token: '[REDACTED]',
    });
    expect(config.token).toBe('x');
  });
});
