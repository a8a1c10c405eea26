import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogLevel, ObserverOptions } from '../config/index.js';
import { resolveOptions } from '../config/index.js';
import { contextWithRequest, createRequestContext, ensureContextManager, kLineKeys, setRequestUser } from '../context/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { createLoggerSetup, type LevelGate } from './create-logger.js';

type LogOptions = NonNullable<ObserverOptions['log']>;

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const CHILD_SPAN_ID = '00f067aa0ba902b7';

/** A logger writing into memory: `text` is exactly what a destination would have received. */
function captureLogger(log: LogOptions = {}, onSampledOut?: (level: string) => void) {
  const lines: string[] = [];
  const destination = {
    write(line: string) {
      lines.push(line);
    },
  };
  const resolved = resolveOptions({ log: { sampling: false, ...log, destinations: [{ stream: destination }] } }, {});
  const setup = createLoggerSetup({ serviceName: 'test-service', log: resolved.log, pretty: false, onSampledOut });
  return {
    ...setup,
    lines,
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLoggerSetup output', () => {
  it('writes one JSON line per call with level, time, message and the service fields', () => {
    const { logger, lines, records } = captureLogger();

    logger.info({ orderId: 42 }, 'order placed');

    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(records()[0]).toMatchObject({ level: 30, msg: 'order placed', orderId: 42, service: 'test-service', pid: process.pid });
    expect(typeof records()[0]?.time).toBe('number');
    expect(typeof records()[0]?.hostname).toBe('string');
  });

  it('exposes the resolved level on the logger', () => {
    expect(captureLogger({ level: 'warn' }).logger.level).toBe('warn');
  });
});

describe('createLoggerSetup redaction', () => {
  const SECRETS = {
    authorization: 'Bearer top-level-secret-1',
    cookie: 'session=top-level-secret-2',
    'set-cookie': 'session=top-level-secret-3',
    password: 'top-level-secret-4',
    token: 'top-level-secret-5',
    secret: 'top-level-secret-6',
    api_key: 'top-level-secret-7',
    apiKey: 'top-level-secret-8',
    'x-api-key': 'top-level-secret-9',
  };

  it('censors secret-looking keys at the top level of a line', () => {
    const { logger, text, records } = captureLogger();

    logger.info({ ...SECRETS, visible: 'kept' }, 'top level');

    for (const value of Object.values(SECRETS)) expect(text()).not.toContain(value);
    const record = records()[0] as Record<string, unknown>;
    for (const key of Object.keys(SECRETS)) expect(record[key]).toBe('[REDACTED]');
    expect(record.visible).toBe('kept');
  });

  it('censors request headers nested two levels deep', () => {
    const { logger, text, records } = captureLogger();

    logger.info(
      {
        req: {
          method: 'GET',
          headers: {
            authorization: 'Basic nested-secret-a',
            cookie: 'sid=nested-secret-b',
            'set-cookie': ['sid=nested-secret-c'],
            accept: 'text/html',
          },
        },
      },
      'request',
    );

    expect(text()).not.toMatch(/nested-secret/);
    expect(records()[0]?.req).toEqual({
      method: 'GET',
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', 'set-cookie': '[REDACTED]', accept: 'text/html' },
    });
  });

  it('censors secrets one level deep inside any object', () => {
    const { logger, text, records } = captureLogger();

    logger.info({ user: { name: 'ada', password: 'hunter2-nested' }, client: { token: 'client-token-nested' } }, 'login');

    expect(text()).not.toContain('hunter2-nested');
    expect(text()).not.toContain('client-token-nested');
    expect(records()[0]).toMatchObject({ user: { name: 'ada', password: '[REDACTED]' }, client: { token: '[REDACTED]' } });
  });

  it('censors secrets in child logger bindings', () => {
    const { logger, text } = captureLogger();

    logger.child({ token: 'binding-secret' }).info('from child');

    expect(text()).not.toContain('binding-secret');
  });

  it('censors custom paths alongside the defaults', () => {
    const { logger, text, records } = captureLogger({ redact: { paths: ['customer.ssn', 'card.number'] } });

    logger.info(
      { customer: { ssn: '123-45-6789', name: 'Grace' }, card: { number: '4111111111111111' }, password: 'still-default' },
      'pay',
    );

    expect(text()).not.toContain('123-45-6789');
    expect(text()).not.toContain('4111111111111111');
    expect(text()).not.toContain('still-default');
    expect(records()[0]).toMatchObject({ customer: { ssn: '[REDACTED]', name: 'Grace' }, card: { number: '[REDACTED]' } });
  });

  it('uses only the custom paths when replaceDefaults is set', () => {
    const { logger, records } = captureLogger({ redact: { paths: ['pin'], replaceDefaults: true } });

    logger.info({ pin: '0000', password: 'not-a-secret-here' }, 'custom only');

    expect(records()[0]).toMatchObject({ pin: '[REDACTED]', password: 'not-a-secret-here' });
  });

  it('censors secrets deeper down, inside arrays and in Header-Case spellings', () => {
    const { logger, text, records } = captureLogger();

    logger.info(
      {
        job: { steps: [{ config: { password: 'deep-secret-1' } }] },
        upstream: { request: { headers: { Authorization: 'Bearer deep-secret-2', 'X-Api-Key': 'deep-secret-3' } } },
      },
      'deep',
    );

    expect(text()).not.toMatch(/deep-secret/);
    expect(records()[0]).toMatchObject({
      job: { steps: [{ config: { password: '[REDACTED]' } }] },
      upstream: { request: { headers: { Authorization: '[REDACTED]', 'X-Api-Key': '[REDACTED]' } } },
    });
  });

  it("never mutates the app's own objects while censoring", () => {
    const { logger } = captureLogger();
    const headers = { authorization: 'Bearer kept-in-app', accept: 'json' };
    const payload = { req: { headers } };

    logger.info(payload, 'copy on write');

    expect(headers.authorization).toBe('Bearer kept-in-app');
    expect(payload.req.headers).toBe(headers);
  });

  it('censors extra keys from log.redact.keys wherever they appear', () => {
    const { logger, text } = captureLogger({ redact: { keys: ['ssn'] } });

    logger.info({ ssn: 'top-ssn-1', customer: { profile: { ssn: 'nested-ssn-2' } } }, 'keys');
    logger.child({ ssn: 'binding-ssn-3' }).info('child');

    expect(text()).not.toMatch(/ssn-\d/);
  });

  it('skips the key walk for a line that declares secret-free keys, and still censors one whose declared keys hold a secret', () => {
    const lineKeys = ['path', 'status'];
    const plain = captureLogger();
    const line = { path: '/reset/abc', status: 200, [kLineKeys]: lineKeys };
    plain.logger.info(line, 'declared');
    expect(plain.records()[0]).toMatchObject({ path: '/reset/abc', status: 200 });

    // The user made `path` a secret key: the declaration no longer lets the line through.
    const strict = captureLogger({ redact: { keys: ['path'] } });
    strict.logger.info({ path: '/reset/abc', status: 200, [kLineKeys]: lineKeys }, 'declared');
    strict.logger.info({ path: '/reset/def', status: 200, [kLineKeys]: lineKeys }, 'declared again');
    expect(strict.text()).not.toContain('/reset/');
    expect(strict.records().map((record) => record.path)).toEqual(['[REDACTED]', '[REDACTED]']);
  });

  it('writes the configured censor text', () => {
    const { logger, records } = captureLogger({ redact: { censor: '***' } });

    logger.info({ password: 'p' }, 'censor');

    expect(records()[0]?.password).toBe('***');
  });
});

describe('createLoggerSetup error serialisation', () => {
  it('serialises an error under err with its type, message, stack and cause chain', () => {
    const { logger, records } = captureLogger();
    const root = new TypeError('socket hang up');
    const middle = new Error('query failed', { cause: root });
    const outer = new Error('could not load order', { cause: middle });

    logger.error({ err: outer }, 'failed');

    const err = records()[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'Error', message: 'could not load order' });
    expect(err.stack).toBe(outer.stack);
    const cause = err.cause as Record<string, unknown>;
    expect(cause).toMatchObject({ type: 'Error', message: 'query failed', stack: middle.stack });
    expect(cause.cause).toMatchObject({ type: 'TypeError', message: 'socket hang up', stack: root.stack });
  });

  it('serialises an error passed as the first argument the same way', () => {
    const { logger, records } = captureLogger();
    const error = new RangeError('out of range', { cause: new Error('bad input') });

    logger.error(error);

    expect(records()[0]).toMatchObject({
      msg: 'out of range',
      err: { type: 'RangeError', message: 'out of range', cause: { message: 'bad input' } },
    });
    expect(records()[0]?.err).toHaveProperty('stack', error.stack);
  });

  it('serialises an error under the error key too', () => {
    const { logger, records } = captureLogger();
    const error = new Error('under error key');

    logger.warn({ error }, 'warned');

    expect(records()[0]?.error).toMatchObject({ type: 'Error', message: 'under error key', stack: error.stack });
  });
});

describe('createLoggerSetup level changes', () => {
  it('writes debug lines only after setLevel("debug")', () => {
    const { logger, setLevel, records } = captureLogger({ level: 'info' });

    logger.debug('hidden');
    setLevel('debug');
    logger.debug('shown');

    expect(records().map((record) => record.msg)).toEqual(['shown']);
    expect(logger.level).toBe('debug');
  });

  it('applies level changes to the access logger too', () => {
    const { accessLogger, setLevel, records } = captureLogger({ level: 'info' });

    setLevel('error');
    accessLogger.info('request finished');
    accessLogger.error('request failed');

    expect(records().map((record) => record.msg)).toEqual(['request failed']);
  });

  it('silences every line with setLevel("silent")', () => {
    const { logger, setLevel, lines } = captureLogger();

    setLevel('silent');
    logger.fatal('nothing');

    expect(lines).toEqual([]);
  });

  it('rejects an unknown level with a SightlineConfigError and keeps the current one', () => {
    const { logger, setLevel } = captureLogger({ level: 'warn' });

    let thrown: unknown;
    try {
      setLevel('verbose' as LogLevel);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(SightlineConfigError);
    expect((thrown as SightlineConfigError).code).toBe('SL_CONFIG_INVALID');
    expect((thrown as SightlineConfigError).message).toContain('"verbose"');
    expect(logger.level).toBe('warn');
  });
});

describe('createLoggerSetup sampling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The sampler reads Date.now: freezing Date keeps every line in one tick. */
  function sampledLogger(onSampledOut: (level: string) => void) {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });
    return captureLogger({ sampling: { initial: 2, thereafter: 3, tickMs: 1000 } }, onSampledOut);
  }

  it('drops repeats past the initial allowance and reports each dropped line', () => {
    const dropped: string[] = [];
    const { logger, lines } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 8; i++) logger.info({ attempt: i }, 'retrying connection');

    // Kept: 1st, 2nd, then every 3rd after them (5th, 8th).
    expect(lines.map((line) => (JSON.parse(line) as { attempt: number }).attempt)).toEqual([0, 1, 4, 7]);
    expect(dropped).toEqual(['info', 'info', 'info', 'info']);
  });

  it('samples by message whether it is the first or the second argument', () => {
    const dropped: string[] = [];
    const { logger } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 3; i++) logger.warn('plain message');
    for (let i = 0; i < 3; i++) logger.warn({ i }, 'message after fields');

    expect(dropped).toEqual(['warn', 'warn']);
  });

  it('starts a new allowance when the next tick begins', () => {
    const dropped: string[] = [];
    const { logger, lines } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 3; i++) logger.info('burst');
    vi.setSystemTime(Date.now() + 1000);
    for (let i = 0; i < 3; i++) logger.info('burst');

    expect(lines).toHaveLength(4);
    expect(dropped).toHaveLength(2);
  });

  it('never samples the access logger', () => {
    const dropped: string[] = [];
    const { accessLogger, lines } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 10; i++) accessLogger.info({ i }, 'request completed');

    expect(lines).toHaveLength(10);
    expect(dropped).toEqual([]);
  });

  it('does not let access lines use up the allowance of ordinary lines', () => {
    const dropped: string[] = [];
    const { logger, accessLogger, lines } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 5; i++) accessLogger.info('same text');
    logger.info('same text');
    logger.info('same text');

    expect(lines).toHaveLength(7);
    expect(dropped).toEqual([]);
  });

  it('never samples fatal lines', () => {
    const dropped: string[] = [];
    const { logger, lines } = sampledLogger((level) => dropped.push(level));

    for (let i = 0; i < 6; i++) logger.fatal('out of memory');

    expect(lines).toHaveLength(6);
    expect(dropped).toEqual([]);
  });

  it('keeps every line when sampling is disabled', () => {
    const { logger, lines } = captureLogger({ sampling: false });

    for (let i = 0; i < 300; i++) logger.info('same line');

    expect(lines).toHaveLength(300);
  });
});

describe('createLoggerSetup context fields', () => {
  let release: () => void;
  beforeAll(() => {
    release = ensureContextManager();
  });
  afterAll(() => {
    release();
  });

  const serverSpan = () => trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
  const inRequest = <T>(fn: () => T, requestId = 'req-1') =>
    context.with(contextWithRequest(ROOT_CONTEXT, createRequestContext(requestId, serverSpan())), fn);

  it('adds request_id, trace_id and span_id to lines written inside a request', () => {
    const { logger, records } = captureLogger();

    inRequest(() => logger.info('inside'));

    expect(records()[0]).toMatchObject({ request_id: 'req-1', trace_id: TRACE_ID, span_id: SPAN_ID, msg: 'inside' });
  });

  it('adds the request fields to lines of child loggers and after an await', async () => {
    const { logger, records } = captureLogger();

    await inRequest(async () => {
      await Promise.resolve();
      logger.child({ component: 'db' }).info('after await');
    });

    expect(records()[0]).toMatchObject({ request_id: 'req-1', trace_id: TRACE_ID, component: 'db' });
  });

  it('uses the span id of a child span active inside the request', () => {
    const { logger, records } = captureLogger();
    const child = trace.wrapSpanContext({ traceId: TRACE_ID, spanId: CHILD_SPAN_ID, traceFlags: 1 });

    inRequest(() => context.with(trace.setSpan(context.active(), child), () => logger.info('in child span')));

    expect(records()[0]).toMatchObject({ request_id: 'req-1', trace_id: TRACE_ID, span_id: CHILD_SPAN_ID });
  });

  it('adds the user id once the request is tagged with one', () => {
    const { logger, records } = captureLogger();

    inRequest(() => {
      logger.info('anonymous');
      expect(setRequestUser('user-7')).toBe(true);
      logger.info('identified');
    });

    expect(records()[0]).not.toHaveProperty('user_id');
    expect(records()[1]).toMatchObject({ user_id: 'user-7', request_id: 'req-1' });
  });

  it('adds trace_id and span_id of an active span outside any request', () => {
    const { logger, records } = captureLogger();

    context.with(trace.setSpan(ROOT_CONTEXT, serverSpan()), () => logger.info('span only'));

    expect(records()[0]).toMatchObject({ trace_id: TRACE_ID, span_id: SPAN_ID });
    expect(records()[0]).not.toHaveProperty('request_id');
  });

  it('adds no context fields outside a request and a span', () => {
    const { logger, records } = captureLogger();

    logger.info('bare');

    for (const field of ['request_id', 'trace_id', 'span_id', 'user_id']) expect(records()[0]).not.toHaveProperty(field);
  });

  it('keeps concurrent requests apart', async () => {
    const { logger, records } = captureLogger();
    let releaseFirst!: () => void;
    const firstWaits = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });

    const first = inRequest(async () => {
      await firstWaits;
      logger.info('first');
    }, 'req-a');
    const second = inRequest(async () => {
      logger.info('second');
      releaseFirst();
    }, 'req-b');
    await Promise.all([first, second]);

    expect(records().map((record) => [record.msg, record.request_id])).toEqual([
      ['second', 'req-b'],
      ['first', 'req-a'],
    ]);
  });

  it("never carries one line's own fields into the next line inside a request", () => {
    const { logger, records } = captureLogger();

    inRequest(() => {
      logger.info({ orderId: 1, request_id: 'overridden-by-line' }, 'with fields');
      logger.info('without fields');
    });

    expect(records()[0]).toMatchObject({ orderId: 1 });
    expect(records()[1]).not.toHaveProperty('orderId');
    expect(records()[1]?.request_id).toBe('req-1');
  });

  it("never carries one line's own fields into the next line outside a request", () => {
    const { logger, records } = captureLogger();

    logger.info({ cartSize: 3 }, 'with fields');
    logger.info('without fields');
    context.with(trace.setSpan(ROOT_CONTEXT, serverSpan()), () => {
      logger.info({ step: 'a' }, 'span with fields');
      logger.info('span without fields');
    });

    expect(records()[1]).not.toHaveProperty('cartSize');
    expect(records()[3]).not.toHaveProperty('step');
  });
});

describe('createLoggerSetup level gate (debug toggle)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function gatedLogger(gate: LevelGate, sampling: LogOptions['sampling'] = false) {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
    const resolved = resolveOptions({ log: { level: 'debug', sampling, destinations: [{ stream: destination }] } }, {});
    return { ...createLoggerSetup({ serviceName: 'gate', log: resolved.log, pretty: false, levelGate: gate }), lines };
  }

  it('writes lines below the floor only where the gate allows, telling it which lines come from the access logger', () => {
    const asked: [unknown, boolean][] = [];
    const gate = {
      floor: 30,
      allows: (mergeObject: unknown, recordLogger: boolean) => {
        asked.push([mergeObject, recordLogger]);
        return (mergeObject as { pass?: boolean }).pass === true;
      },
    };
    const { logger, accessLogger, lines } = gatedLogger(gate);

    logger.debug({ pass: true }, 'allowed');
    logger.debug({ pass: false }, 'gated');
    accessLogger.debug({ pass: true }, 'access allowed');
    logger.info({ pass: false }, 'at the floor');

    expect(lines.map((line) => line.msg)).toEqual(['allowed', 'access allowed', 'at the floor']);
    expect(asked.map(([, recordLogger]) => recordLogger)).toEqual([false, false, true]);
  });

  it('with floor 0, never asks the gate, and sampling still applies', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });
    const gate = {
      floor: 0,
      allows: () => {
        throw new Error('asked');
      },
    };
    const { logger, lines } = gatedLogger(gate, { initial: 2, thereafter: 100, tickMs: 1000 });

    for (let i = 0; i < 5; i++) logger.debug('repeated');

    expect(lines).toHaveLength(2);
  });
});
