import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogLevel } from '../config/index.js';
import { resolveOptions } from '../config/index.js';
import { contextWithRequest, createRequestContext, ensureContextManager, setRequestUser } from '../context/index.js';
import { RequestPass, RouteMatcher } from '../http/index.js';
import { createLoggerSetup } from '../log/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { DebugToggle } from './debug-toggle.js';
import { ToggleScope } from './toggle-scope.js';

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function setup(level: LogLevel = 'info', maxDurationSeconds = 3600) {
  const lines: Line[] = [];
  const resolved = resolveOptions(
    { log: { level, sampling: false, destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as Line) } }] } },
    {},
  );
  const scope = new ToggleScope();
  const logs = createLoggerSetup({ serviceName: 'toggle-test', log: resolved.log, pretty: false, levelGate: scope });
  const http = new RequestPass({
    tracer: trace.getTracer('toggle-test'),
    tracingEnabled: false,
    metrics: undefined,
    accessLogger: logs.accessLogger,
    slowRequestMs: 1000,
    requestIdHeader: 'x-request-id',
    ignorePaths: [],
    routeMatcher: new RouteMatcher(['/orders/:id']),
    onInternalError: (_component, error) => {
      throw error;
    },
  });
  const toggle = new DebugToggle({
    logs,
    http,
    scope,
    maxDurationSeconds,
    maxBodyBytes: 1024,
    redact: { keys: [], censor: '[REDACTED]' },
  });
  const messages = () => lines.map((line) => line.msg);
  return { lines, messages, logs, toggle };
}

/** Runs fn in the context of a request (route set as Fastify would, or not at all). */
function inRequest<T>(fn: () => T, route?: string): T {
  const request = createRequestContext(
    `req-${Math.random()}`,
    trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }),
  );
  request.route = route;
  return context.with(contextWithRequest(ROOT_CONTEXT, request), fn);
}

let release: () => void;
beforeAll(() => {
  release = ensureContextManager();
});
afterAll(() => release());
afterEach(() => {
  vi.useRealTimers();
});

describe('DebugToggle validation', () => {
  it.each([
    [{ level: 'info' }, 'level'],
    [{ durationSeconds: 0 }, 'durationSeconds'],
    [{ durationSeconds: 7200 }, 'durationSeconds must be at most 3600'],
    [{ durationSeconds: '60' }, 'durationSeconds'],
    [{ route: 'orders/:id' }, 'route must be a route template or path starting with "/"'],
    [{ userId: '' }, 'userId'],
    [{ dump: 'yes' }, 'dump'],
    [{ scope: 'all' }, 'scope'],
    ['debug', 'body'],
  ])('rejects %j with a SightlineConfigError naming the field', (body, named) => {
    const { toggle, logs } = setup();

    let thrown: unknown;
    try {
      toggle.apply(body);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(SightlineConfigError);
    expect((thrown as SightlineConfigError).code).toBe('SL_CONFIG_INVALID');
    expect((thrown as SightlineConfigError).message).toContain(named);
    expect(logs.logger.level).toBe('info');
    expect(toggle.status().active).toBe(false);
  });
});

describe('DebugToggle global mode', () => {
  it('lowers the root and access log levels for everyone and reports it', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const { toggle, logs, lines } = setup();

    const status = toggle.apply({ durationSeconds: 120 });
    logs.logger.debug('outside any request');
    inRequest(() => logs.logger.child({ module: 'db' }).debug('inside a request'));

    expect(status).toEqual({
      active: true,
      mode: 'global',
      level: 'debug',
      baseLevel: 'info',
      dump: true,
      startedAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:02:00.000Z',
      remainingSeconds: 120,
    });
    expect(logs.accessLogger.level).toBe('debug');
    expect(lines.map((line) => line.msg)).toEqual(['debug toggle enabled', 'outside any request', 'inside a request']);
    expect(lines[0]).toMatchObject({ level: 30, debug_toggle: { mode: 'global', level: 'debug' } });
  });

  it('reverts by itself when the duration is over, and says so', () => {
    vi.useFakeTimers();
    const { toggle, logs, messages } = setup();
    toggle.apply({ level: 'trace', durationSeconds: 2 });
    expect(logs.logger.level).toBe('trace');

    vi.advanceTimersByTime(1000);
    expect(toggle.status()).toMatchObject({ active: true, remainingSeconds: 1 });
    vi.advanceTimersByTime(1000);

    expect(logs.logger.level).toBe('info');
    expect(logs.accessLogger.level).toBe('info');
    expect(toggle.status()).toEqual({ active: false, mode: 'off', level: 'info', baseLevel: 'info', dump: false });
    logs.logger.debug('after expiry');
    expect(messages()).toEqual(['debug toggle enabled', 'debug toggle expired']);
  });

  it('turns off on disable(), and disable() when off changes nothing', () => {
    const { toggle, logs, lines } = setup('warn');
    toggle.apply({});

    expect(toggle.disable()).toMatchObject({ active: false, level: 'warn' });
    expect(toggle.disable()).toMatchObject({ active: false, level: 'warn' });
    expect(logs.logger.level).toBe('warn');
    // On record even above info: written at the configured level.
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [40, 'debug toggle enabled'],
      [40, 'debug toggle disabled'],
    ]);
  });

  it('keeps a level someone else set while it was on', () => {
    const { toggle, logs } = setup();
    toggle.apply({});
    logs.setLevel('error');

    toggle.disable();

    expect(logs.logger.level).toBe('error');
  });

  it('replacing a toggle keeps the level from before the first one', () => {
    const { toggle, logs } = setup();
    toggle.apply({ level: 'trace' });
    toggle.apply({ level: 'debug', route: '/orders/:id' });

    expect(toggle.status()).toMatchObject({ mode: 'scoped', level: 'debug', baseLevel: 'info', route: '/orders/:id' });
    toggle.shutdown();
    expect(logs.logger.level).toBe('info');
  });

  it('ends at shutdown', () => {
    const { toggle, logs, messages } = setup();
    toggle.apply({ durationSeconds: 60 });

    toggle.shutdown();

    expect(logs.logger.level).toBe('info');
    expect(messages()).toContain('debug toggle ended at shutdown');
  });
});

describe('DebugToggle scoped mode', () => {
  it('writes debug lines only in the context of a request on the route', () => {
    const { toggle, logs, messages } = setup();
    toggle.apply({ route: '/orders/:id' });

    inRequest(() => logs.logger.debug('order debug'), '/orders/:id');
    inRequest(() => logs.logger.child({ module: 'db' }).debug('order query'), '/orders/:id');
    inRequest(() => logs.logger.debug('user debug'), '/users/:id');
    inRequest(() => logs.logger.info('user info'), '/users/:id');
    logs.logger.debug('background debug');

    expect(messages()).toEqual(['debug toggle enabled', 'order debug', 'order query', 'user info']);
  });

  it('matches a user from setUser() on', () => {
    const { toggle, logs, messages } = setup();
    toggle.apply({ userId: 'u-7' });

    inRequest(() => {
      logs.logger.debug('before the user is known');
      setRequestUser('u-7');
      logs.logger.debug('after setUser');
    });
    inRequest(() => {
      setRequestUser('u-8');
      logs.logger.debug('another user');
    });

    expect(messages()).toEqual(['debug toggle enabled', 'after setUser']);
  });

  it('gates access lines and dumps by the route and user they carry', () => {
    const { toggle, logs, messages } = setup('warn');
    toggle.apply({ route: '/orders/:id', userId: 'u-1' });

    logs.accessLogger.info({ route: '/orders/:id', path: '/orders/1', user_id: 'u-1' }, 'matching access line');
    logs.accessLogger.debug({ route: 'unmatched', path: '/orders/:id', user_id: 'u-1' }, 'matching by path');
    logs.accessLogger.info({ route: '/orders/:id', path: '/orders/2', user_id: 'u-2' }, 'other user');
    logs.accessLogger.info({ route: '/users/:id', path: '/users/1', user_id: 'u-1' }, 'other route');
    logs.accessLogger.warn({ route: '/users/:id' }, 'warnings always pass');

    expect(messages()).toEqual(['debug toggle enabled', 'matching access line', 'matching by path', 'warnings always pass']);
  });

  it('lets nothing through the gate once it is off', () => {
    const { toggle, logs, messages } = setup();
    toggle.apply({ route: '/orders/:id' });
    toggle.disable();

    inRequest(() => logs.logger.debug('order debug'), '/orders/:id');

    expect(messages()).toEqual(['debug toggle enabled', 'debug toggle disabled']);
  });

  it('with a logger already at debug, scoping changes nothing for other requests', () => {
    const { toggle, logs, messages } = setup('debug');
    toggle.apply({ route: '/orders/:id' });

    inRequest(() => logs.logger.debug('user debug'), '/users/:id');

    expect(messages()).toEqual(['debug toggle enabled', 'user debug']);
  });
});
