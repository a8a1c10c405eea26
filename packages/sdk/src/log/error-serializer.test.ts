import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ObserverOptions } from '../config/index.js';
import { resolveOptions } from '../config/index.js';
import { createLoggerSetup } from './create-logger.js';

type LogOptions = NonNullable<ObserverOptions['log']>;
type Json = Record<string, unknown>;

const CENSOR = '[REDACTED]';

/** A logger writing into memory, as a destination would receive the lines. */
function captureLogger(log: LogOptions = {}) {
  const lines: string[] = [];
  const resolved = resolveOptions(
    { log: { sampling: false, ...log, destinations: [{ stream: { write: (line: string) => lines.push(line) } }] } },
    {},
  );
  const { logger } = createLoggerSetup({ serviceName: 'test-service', log: resolved.log, pretty: false });
  return { logger, text: () => lines.join(''), records: () => lines.map((line) => JSON.parse(line) as Json) };
}

/** What axios rejects with: the request config (headers included) and the response on the error itself. */
function axiosStyleError(message = 'Request failed with status code 401'): Error {
  const error = new Error(message) as Error & Json;
  error.name = 'AxiosError';
  error.code = 'ERR_BAD_REQUEST';
  error.config = {
    url: 'https://api.example.com/v1/me',
    method: 'get',
    headers: { Authorization: 'Bearer S1', Accept: 'application/json' },
  };
  error.response = { status: 401, data: { token: 'S2', reason: 'expired' } };
  return error;
}

const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((current, key) => (current as Record<string | number, unknown> | undefined)?.[key], value);

describe('createLoggerSetup redaction of errors', () => {
  it('censors secret keys on an error logged as { err }, { error } or the error itself, keeping the rest', () => {
    const { logger, text, records } = captureLogger();
    const error = axiosStyleError();

    logger.error({ err: error }, 'under err');
    logger.error({ error }, 'under error');
    logger.error(error);

    expect(text()).not.toContain('S1');
    expect(text()).not.toContain('S2');
    const [first, second, third] = records();
    for (const serialized of [first?.err, second?.error, third?.err]) {
      expect(serialized).toMatchObject({
        type: 'Error',
        message: 'Request failed with status code 401',
        stack: error.stack,
        code: 'ERR_BAD_REQUEST',
        config: { url: 'https://api.example.com/v1/me', headers: { Authorization: CENSOR, Accept: 'application/json' } },
        response: { status: 401, data: { token: CENSOR, reason: 'expired' } },
      });
    }
    expect(third?.msg).toBe('Request failed with status code 401');
  });

  it('censors what a failed call leaves on an error: secret-looking keys, header lists, URL credentials and secret parameters', () => {
    const { logger, text, records } = captureLogger();
    const inner = Object.assign(new Error('db login failed'), {
      connectionString: 'postgres://admin:PW-CONNSTR@db:5432/app',
      db_password: 'DB-PW',
      'user-password': 'DASH-PW',
    });
    const error = Object.assign(new Error('payments call failed', { cause: inner }), {
      apiToken: 'API-TOKEN-CAMEL',
      response: { data: { sessionToken: 'ST-RESP', jwt: 'JWT-eyJhbGciOi', total_tokens: 812, authenticated: false } },
      rawHeaders: ['Host', 'payments', 'Authorization', 'Bearer RAWHDR-SECRET', 'Accept', '*/*'],
      headers: [
        ['authorization', 'Basic ARRAY-HDR'],
        ['accept', 'application/json'],
      ],
      url: 'https://user:URL-PASS@payments.example.com/charge?access_token=QS-TOKEN&page=2',
      note: 'retrying with password=NOTE-PW; attempt=2',
    });
    logger.error({ err: error }, 'call failed');
    for (const secret of [
      'PW-CONNSTR',
      'DB-PW',
      'DASH-PW',
      'API-TOKEN-CAMEL',
      'ST-RESP',
      'JWT-',
      'RAWHDR-SECRET',
      'ARRAY-HDR',
      'URL-PASS',
      'QS-TOKEN',
      'NOTE-PW',
    ]) {
      expect(text()).not.toContain(secret);
    }
    const [line] = records();
    expect(line?.err).toMatchObject({
      apiToken: CENSOR,
      response: { data: { sessionToken: CENSOR, jwt: CENSOR, total_tokens: 812, authenticated: false } },
      rawHeaders: ['Host', 'payments', 'Authorization', CENSOR, 'Accept', '*/*'],
      headers: [
        ['authorization', CENSOR],
        ['accept', 'application/json'],
      ],
      url: `https://${CENSOR}@payments.example.com/charge?access_token=${CENSOR}&page=2`,
      note: `retrying with password=${CENSOR}; attempt=2`,
      cause: { connectionString: `postgres://${CENSOR}@db:5432/app`, db_password: CENSOR, 'user-password': CENSOR },
    });
  });

  it('keeps the exact keys only once the app replaced the default keys', () => {
    const { text } = (() => {
      const logger = captureLogger({ redact: { replaceDefaults: true, keys: ['ssn'] } });
      logger.logger.error({ err: Object.assign(new Error('x'), { apiToken: 'KEPT-TOKEN', ssn: 'GONE-SSN' }) }, 'replaced');
      return logger;
    })();
    expect(text()).toContain('KEPT-TOKEN');
    expect(text()).not.toContain('GONE-SSN');
  });

  it('serialises and censors errors nested under any key, in objects and arrays', () => {
    const { logger, text, records } = captureLogger();

    logger.warn(
      { upstream: { failure: axiosStyleError('nested') }, failures: [axiosStyleError('in array')], e: axiosStyleError('short key') },
      'nested',
    );

    expect(text()).not.toMatch(/S1|S2/);
    const record = records()[0];
    expect(at(record, 'upstream', 'failure')).toMatchObject({
      type: 'Error',
      message: 'nested',
      config: { headers: { Authorization: CENSOR } },
    });
    expect(at(record, 'failures', 0)).toMatchObject({ message: 'in array', response: { data: { token: CENSOR } } });
    expect(at(record, 'e')).toMatchObject({ message: 'short key', config: { headers: { Authorization: CENSOR } } });
    expect(typeof at(record, 'e', 'stack')).toBe('string');
  });

  it('censors every link of a cause chain, causes that are no errors included', () => {
    const { logger, text, records } = captureLogger();
    const plainCause = { password: 'S3', attempt: 2 };
    const root = Object.assign(new Error('connect refused', { cause: plainCause }), { apiKey: 'S4' });
    const middle = axiosStyleError('upstream failed');
    middle.cause = root;
    const outer = new Error('could not load order', { cause: middle });
    const assigned = new Error('assigned cause') as Error & Json;
    assigned.cause = { headers: { cookie: 'sid=S5' } };

    logger.error({ err: outer }, 'chain');
    logger.error({ err: assigned }, 'assigned');

    expect(text()).not.toMatch(/S[1-5]/);
    const [chain, second] = records();
    expect(at(chain, 'err', 'cause')).toMatchObject({ message: 'upstream failed', config: { headers: { Authorization: CENSOR } } });
    expect(at(chain, 'err', 'cause', 'cause')).toMatchObject({ type: 'Error', message: 'connect refused', apiKey: CENSOR });
    expect(at(chain, 'err', 'cause', 'cause', 'cause')).toEqual({ password: CENSOR, attempt: 2 });
    expect(at(second, 'err', 'cause')).toEqual({ headers: { cookie: CENSOR } });
  });

  it('censors the members of an AggregateError', () => {
    const { logger, text, records } = captureLogger();
    const aggregate = new AggregateError([axiosStyleError('first'), new Error('second', { cause: { token: 'S6' } })], 'all failed');

    logger.error({ err: aggregate }, 'aggregate');

    expect(text()).not.toMatch(/S1|S2|S6/);
    const err = records()[0]?.err;
    expect(err).toMatchObject({ type: 'AggregateError', message: 'all failed' });
    expect(at(err, 'aggregateErrors', 0)).toMatchObject({ message: 'first', config: { headers: { Authorization: CENSOR } } });
    expect(at(err, 'aggregateErrors', 1, 'cause')).toEqual({ token: CENSOR });
  });

  it('writes errors with cycles, marking the repeated object instead of looping', () => {
    const { logger, text, records } = captureLogger();
    const error = axiosStyleError('cyclic') as Error & Json;
    error.self = error;
    (error.config as Json).owner = error.config;
    const first = new Error('first') as Error & Json;
    const second = new Error('second', { cause: first });
    first.cause = second;
    const list: unknown[] = [];
    list.push(list, { token: 'S7' });
    error.list = list;

    logger.error({ err: error, loop: first }, 'cycles');

    expect(text()).not.toMatch(/S1|S2|S7/);
    const record = records()[0];
    expect(at(record, 'err', 'self')).toBe('[Circular]');
    expect(at(record, 'err', 'config', 'owner')).toBe('[Circular]');
    expect(at(record, 'err', 'list')).toEqual(['[Circular]', { token: CENSOR }]);
    expect(at(record, 'loop', 'cause', 'message')).toBe('second');
    expect(at(record, 'loop', 'cause', 'cause')).toBe('[Circular]');
  });

  it('replaces what lies past the depth limit of an error instead of writing it uncensored', () => {
    const { logger, text, records } = captureLogger();
    let nested: Json = { password: 'S8' };
    for (let level = 0; level < 30; level++) nested = { next: nested };
    const error = Object.assign(new Error('deep'), { nested });

    logger.error({ err: error }, 'deep');

    expect(text()).not.toContain('S8');
    expect(text()).toContain('[nested too deep]');
    expect(at(records()[0], 'err', 'nested', 'next', 'next')).toBeTypeOf('object');
  });

  it("never changes the app's error or the objects on it", () => {
    const { logger } = captureLogger();
    const error = axiosStyleError();
    const config = (error as Error & Json).config;
    const keysBefore = Reflect.ownKeys(error);

    logger.error({ err: error }, 'once');
    logger.error({ err: error }, 'twice');

    expect((error as Error & Json).config).toBe(config);
    expect(at(error, 'config', 'headers', 'Authorization')).toBe('Bearer S1');
    expect(at(error, 'response', 'data', 'token')).toBe('S2');
    expect(Reflect.ownKeys(error)).toEqual(keysBefore);
  });

  it('censors errors in child logger bindings', () => {
    const { logger, text, records } = captureLogger();

    logger.child({ err: axiosStyleError('bound') }).info('from child');

    expect(text()).not.toMatch(/S1|S2/);
    expect(records()[0]?.err).toMatchObject({ message: 'bound', config: { headers: { Authorization: CENSOR } } });
  });

  it('shows class instances on an error by their own fields, and sockets and streams by their type only', () => {
    class Headers {
      authorization = 'Bearer S9';
      accept = 'text/html';
    }
    const error = Object.assign(new Error('with instances'), {
      headers: new Headers(),
      at: new Date(0),
      socket: Object.assign(new EventEmitter(), { _header: 'GET / HTTP/1.1\r\nAuthorization: Bearer S10\r\n' }),
    });

    const { logger, text, records } = captureLogger();

    logger.error({ err: error }, 'instances');

    expect(text()).not.toMatch(/S9|S10/);
    expect(records()[0]?.err).toMatchObject({
      headers: { authorization: CENSOR, accept: 'text/html' },
      at: '1970-01-01T00:00:00.000Z',
      socket: '[EventEmitter]',
    });
  });

  it('keeps the serialised shape and writes errors as they are when no key is censored', () => {
    const { logger, records } = captureLogger({ redact: { replaceDefaults: true } });
    const error = axiosStyleError('no redaction');

    logger.error({ err: error }, 'plain');

    expect(records()[0]?.err).toMatchObject({
      type: 'Error',
      message: 'no redaction',
      config: { headers: { Authorization: 'Bearer S1' } },
      response: { data: { token: 'S2' } },
    });
  });
});

describe('createLoggerSetup default secret keys', () => {
  it('censors session, CSRF and proxy credentials as keys and header names', () => {
    const { logger, text, records } = captureLogger();

    logger.info(
      {
        sessionId: 'k-secret-1',
        session_id: 'k-secret-2',
        req: {
          headers: {
            'x-session-token': 'k-secret-3',
            'session-id': 'k-secret-4',
            'x-csrf-token': 'k-secret-5',
            'proxy-authorization': 'Basic k-secret-6',
            'X-Session-Token': 'k-secret-7',
            'Session-Id': 'k-secret-8',
            'X-CSRF-TOKEN': 'k-secret-9',
            accept: 'text/html',
          },
        },
      },
      'keys',
    );

    expect(text()).not.toMatch(/k-secret/);
    expect(records()[0]).toMatchObject({ sessionId: CENSOR, session_id: CENSOR, req: { headers: { accept: 'text/html' } } });
  });
});
