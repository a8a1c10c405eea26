import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningApp } from '../../test/support/running-app.js';
import { sightlineHandler } from '../adapters/index.js';
import { createTestObserver, eventually, type LogLine, type TestObserver } from '../testing/index.js';

const CENSOR = '[REDACTED]';

/** What axios rejects with: the request config (headers included) and the response on the error itself. */
function axiosStyleError(message: string): Error {
  return Object.assign(new Error(message), {
    config: { url: 'https://api.example.com/v1/me', headers: { Authorization: 'Bearer S1' } },
    response: { status: 401, data: { token: 'S2' } },
  });
}

/** Everything the span's events carry, as one string. */
const eventText = (events: readonly { name: string; attributes?: unknown }[]) => JSON.stringify(events);

describe('error events: secrets on what was thrown', () => {
  let test: TestObserver;
  let app: RunningApp;

  beforeAll(async () => {
    test = createTestObserver({ serviceName: 'errors-redaction', http: { routes: ['/fail'] } });
    app = await listen(
      createServer(
        sightlineHandler(test.observer, () => {
          throw axiosStyleError('upstream refused');
        }),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await test?.observer.shutdown();
  });

  const lineOf = (eventId: string) => test.lines.find((line) => line.event_id === eventId) as LogLine;

  it('censors the captured error, its cause chain and errors in extra on the error line', () => {
    const error = axiosStyleError('profile fetch failed');
    error.cause = new AggregateError([axiosStyleError('replica a')], 'replicas failed', { cause: { password: 'S3' } });

    const eventId = test.observer.errors.capture(error, { extra: { upstream: axiosStyleError('in extra'), sessionId: 'S4' } });

    const raw = test.raw.find((line) => line.includes(eventId)) as string;
    expect(raw).not.toMatch(/S[1-4]/);
    expect(lineOf(eventId)).toMatchObject({
      err: {
        message: 'profile fetch failed',
        config: { headers: { Authorization: CENSOR } },
        response: { data: { token: CENSOR } },
        cause: { type: 'AggregateError', aggregateErrors: [{ message: 'replica a' }], cause: { password: CENSOR } },
      },
      extra: { upstream: { type: 'Error', message: 'in extra', config: { headers: { Authorization: CENSOR } } }, sessionId: CENSOR },
    });
  });

  it('censors a thrown value that is no error on the span event, in the error line and in the error group', async () => {
    const thrown = { config: { headers: { Authorization: 'Bearer S1' } }, response: { data: { token: 'S2' } }, status: 401 };
    let eventId = '';

    await test.observer.span('profile.fetch', async () => {
      eventId = test.observer.errors.capture(thrown);
    });

    const span = await eventually(() => test.spans().find((candidate) => candidate.name === 'profile.fetch'), 'the child span');
    const exception = span.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['sightline.error.event_id']).toBe(eventId);
    expect(exception?.attributes?.['exception.message']).toContain(CENSOR);
    expect(exception?.attributes?.['exception.message']).toContain('"status":401');
    expect(eventText(span.events)).not.toMatch(/S1|S2/);
    expect(span.status.message).not.toMatch(/S1|S2/);
    expect(test.raw.find((line) => line.includes(eventId))).not.toMatch(/S1|S2/);
    const fingerprint = lineOf(eventId).fingerprint;
    expect(JSON.stringify(test.observer.errors.groups().find((group) => group.fingerprint === fingerprint))).not.toMatch(/S1|S2/);
  });

  it('censors a thrown value deeper than a line is walked, and one with a cycle', async () => {
    const deep = { a: { b: { c: { d: { e: { f: { token: 'S7' } } } } } } };
    const cyclic: Record<string, unknown> = { password: 'S8', attempt: 3 };
    cyclic.self = cyclic;
    const eventIds: string[] = [];

    await test.observer.span('deep.values', async () => {
      eventIds.push(test.observer.errors.capture(deep), test.observer.errors.capture(cyclic));
    });

    const span = await eventually(() => test.spans().find((candidate) => candidate.name === 'deep.values'), 'the child span');
    const messages = span.events.filter((event) => event.name === 'exception').map((event) => event.attributes?.['exception.message']);
    expect(messages).toEqual([
      '{"a":{"b":{"c":{"d":{"e":{"f":{"token":"[REDACTED]"}}}}}}}',
      '{"password":"[REDACTED]","attempt":3,"self":"[Circular]"}',
    ]);
    for (const eventId of eventIds) expect(test.raw.find((line) => line.includes(eventId))).not.toMatch(/S7|S8/);
  });

  it('censors the error of a failed request on its access line and its error line', async () => {
    const response = await fetch(`${app.baseUrl}/fail`, { headers: { 'x-request-id': 'req-redact-1' } });
    expect(response.status).toBe(500);
    await response.text();

    const captured = await eventually(
      () => test.lines.find((line) => line.msg === 'error captured' && line.request_id === 'req-redact-1'),
      'the error line',
    );
    const access = await eventually(
      () => test.lines.find((line) => line.msg === 'request completed' && line.request_id === 'req-redact-1'),
      'the access line',
    );
    for (const line of [captured, access]) {
      expect(line.err).toMatchObject({
        message: 'upstream refused',
        config: { headers: { Authorization: CENSOR } },
        response: { data: { token: CENSOR } },
      });
    }
    expect(test.raw.filter((line) => line.includes('req-redact-1')).join('')).not.toMatch(/S1|S2/);
  });

  it('censors secret-looking tag names', () => {
    const eventId = test.observer.errors.capture(new Error('tagged'), { tags: { 'x-session-token': 'S5', provider: 'acme' } });

    expect(lineOf(eventId).tags).toEqual({ 'x-session-token': CENSOR, provider: 'acme' });
  });
});
