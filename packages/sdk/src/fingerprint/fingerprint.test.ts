import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorType, fingerprintError, fingerprintFromStack, fingerprintMessage, normalizeMessage } from './index.js';

const ROOT = '/srv/checkout';

/** An error as it would look thrown from `frames` (stack lines without the leading "at"). */
function errorWith(name: string, message: string, frames: readonly string[], extra: Record<string, unknown> = {}): Error {
  const error = Object.assign(new Error(message), extra);
  error.name = name;
  error.stack = [`${name}: ${message}`, ...frames.map((frame) => `    at ${frame}`)].join('\n');
  return error;
}

function fingerprintOf(error: unknown, root = ROOT): string {
  return fingerprintError(error, error instanceof Error ? error.message : String(error), root).id;
}

function failAt(orderId: number): Error {
  return new Error(`order ${orderId} failed`);
}

describe('fingerprintError', () => {
  it('groups two throws from the same site with different messages', () => {
    const [first, second] = [41, 42].map((orderId) => fingerprintError(failAt(orderId), `order ${orderId} failed`, process.cwd()));
    expect(first?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(second?.id).toBe(first?.id);
    expect(first?.frames[0]).toBe('failAt (packages/sdk/src/fingerprint/fingerprint.test.ts)');
  });

  it('ignores line and column numbers and where the app is installed', () => {
    const before = errorWith('TypeError', 'x is undefined', [
      'charge (/srv/checkout/src/pay.ts:10:5)',
      'place (/srv/checkout/src/order.ts:20:3)',
    ]);
    const after = errorWith('TypeError', 'x is undefined', [
      'charge (/home/ci/app/src/pay.ts:14:9)',
      'place (/home/ci/app/src/order.ts:31:1)',
    ]);
    expect(fingerprintOf(before, ROOT)).toBe(fingerprintOf(after, '/home/ci/app'));
  });

  it('ignores the version of a dependency in its path', () => {
    const frames = (version: string) => [
      `Client.query (/srv/checkout/node_modules/.pnpm/pg@${version}/node_modules/pg/lib/client.js:526:17)`,
      'loadUser (/srv/checkout/src/users.ts:12:5)',
    ];
    expect(fingerprintOf(errorWith('Error', 'boom', frames('8.11.3')))).toBe(fingerprintOf(errorWith('Error', 'boom', frames('8.12.0'))));
  });

  it("groups a throw with the SDK's frames below it (thrown synchronously in a handler) with one without (thrown after an await)", () => {
    const sdk = fileURLToPath(new URL('../', import.meta.url));
    const throwSite = 'handler (/srv/checkout/src/app.ts:67:13)';
    const sync = errorWith('ProcessorError', 'no answer', [throwSite, `Object.onRequest (${sdk}adapters/fastify.ts:40:7)`]);
    const afterAwait = errorWith('ProcessorError', 'no answer', [throwSite]);
    expect(fingerprintOf(sync)).toBe(fingerprintOf(afterAwait));
  });

  it('decides by app frames: the same app frames under other dependency frames group together', () => {
    const app = ['loadUser (/srv/checkout/src/users.ts:12:5)', 'handler (/srv/checkout/src/routes.ts:3:1)'];
    const viaPg = errorWith('Error', 'boom', ['Client.query (/srv/checkout/node_modules/pg/lib/client.js:1:1)', ...app]);
    const viaPool = errorWith('Error', 'boom', ['Pool.query (/srv/checkout/node_modules/pg-pool/index.js:9:9)', ...app]);
    expect(fingerprintOf(viaPg)).toBe(fingerprintOf(viaPool));
  });

  it('tells apart the same type thrown from different places', () => {
    const here = errorWith('Error', 'boom', ['charge (/srv/checkout/src/pay.ts:10:5)']);
    const there = errorWith('Error', 'boom', ['refund (/srv/checkout/src/pay.ts:10:5)']);
    expect(fingerprintOf(here)).not.toBe(fingerprintOf(there));
  });

  it('tells apart anonymous functions of one file by their line and column', () => {
    // The case: inline `async () => { throw … }` route handlers, one file, one error type.
    const orders = errorWith('Error', 'order lookup failed', [
      '/srv/checkout/src/app.ts:12:11',
      'Layer.handleRequest (/srv/checkout/node_modules/router/lib/layer.js:152:17)',
    ]);
    const invoices = errorWith('Error', 'invoice crashed', [
      '/srv/checkout/src/app.ts:15:11',
      'Layer.handleRequest (/srv/checkout/node_modules/router/lib/layer.js:152:17)',
    ]);
    const login = errorWith('Error', 'login refused', ['async /srv/checkout/src/app.ts:18:11']);
    const ordersAgain = errorWith('Error', 'order lookup failed', [
      '/srv/checkout/src/app.ts:12:11',
      'Layer.handleRequest (/srv/checkout/node_modules/router/lib/layer.js:152:17)',
    ]);
    expect(new Set([fingerprintOf(orders), fingerprintOf(invoices), fingerprintOf(login)]).size).toBe(3);
    expect(fingerprintOf(ordersAgain)).toBe(fingerprintOf(orders));
    expect(fingerprintError(orders, orders.message, ROOT).frames).toEqual(['? (src/app.ts:12:11)']);
  });

  it('tells apart two anonymous throw sites in this very file', () => {
    const fingerprintOfThrow = (thrower: () => void): string => {
      try {
        thrower();
      } catch (error) {
        return fingerprintOf(error, process.cwd());
      }
      throw new Error('did not throw');
    };
    // Inline arguments, like route handlers: V8 gives them no name.
    const first = fingerprintOfThrow(() => {
      throw new Error('first');
    });
    const second = fingerprintOfThrow(() => {
      throw new Error('second');
    });
    expect(first).not.toBe(second);
  });

  it('keeps the line, not the column, of an anonymous caller: calls on one line are one call site', () => {
    const throwSite = 'charge (/srv/checkout/src/pay.ts:10:5)';
    const callers = ['/srv/checkout/src/app.ts:20:9', '/srv/checkout/src/app.ts:20:31', '/srv/checkout/src/app.ts:24:9'];
    const [a, b, c] = callers.map((caller) => fingerprintOf(errorWith('Error', 'declined', [throwSite, caller])));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('keeps no position for anonymous frames of dependencies or Node, so upgrading them keeps the group', () => {
    const before = errorWith('Error', 'boom', ['/srv/checkout/node_modules/lib/index.js:10:5', 'node:internal/main/run_main_module:28:49']);
    const after = errorWith('Error', 'boom', ['/srv/checkout/node_modules/lib/index.js:12:1', 'node:internal/main/run_main_module:30:2']);
    expect(fingerprintOf(before)).toBe(fingerprintOf(after));
  });

  it('tells apart different types and different error codes from the same place', () => {
    const frames = ['connect (/srv/checkout/src/db.ts:1:1)'];
    const ids = [
      fingerprintOf(errorWith('Error', 'x', frames)),
      fingerprintOf(errorWith('TypeError', 'x', frames)),
      fingerprintOf(errorWith('Error', 'x', frames, { code: 'ECONNREFUSED' })),
      fingerprintOf(errorWith('Error', 'x', frames, { code: 'ETIMEDOUT' })),
    ];
    expect(new Set(ids).size).toBe(4);
  });

  it('falls back to the normalized message when there is no stack', () => {
    expect(fingerprintOf('payment 7f3a9c2e1b44 declined for order 12')).toBe(fingerprintOf('payment 0a1b2c3d4e5f declined for order 13'));
    expect(fingerprintOf('payment declined')).not.toBe(fingerprintOf('stock exhausted'));
    const noStack = Object.assign(new Error('row 17 missing'), { stack: undefined });
    const other = Object.assign(new Error('row 18 missing'), { stack: undefined });
    expect(fingerprintOf(noStack)).toBe(fingerprintOf(other));
  });

  it('uses only Node frames for an error raised inside Node (no app frame)', () => {
    const socket = errorWith(
      'Error',
      'connect ECONNREFUSED 127.0.0.1:5432',
      ['TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)'],
      {
        code: 'ECONNREFUSED',
      },
    );
    const fingerprint = fingerprintError(socket, socket.message, ROOT);
    expect(fingerprint).toMatchObject({ type: 'Error', code: 'ECONNREFUSED' });
    expect(fingerprint.frames).toEqual(['TCPConnectWrap.afterConnect (node:net)']);
  });
});

describe('normalizeMessage', () => {
  it('replaces UUIDs, hex ids and numbers with placeholders', () => {
    expect(
      normalizeMessage(
        'user 3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b: order 42 (0xdeadbeef12, trace 4bf92f3577b34da6a3ce929d0e0e4736) took 1.5s',
      ),
    ).toBe('user <uuid>: order <n> (<hex>, trace <hex>) took <n>s');
  });

  it('leaves words made of hex letters alone', () => {
    expect(normalizeMessage('deadbeefcafe facade')).toBe('deadbeefcafe facade');
  });
});

describe('fingerprintMessage', () => {
  it('groups messages that differ only in ids, per level', () => {
    expect(fingerprintMessage('cart 12 abandoned', 'warning').id).toBe(fingerprintMessage('cart 99 abandoned', 'warning').id);
    expect(fingerprintMessage('cart 12 abandoned', 'warning').id).not.toBe(fingerprintMessage('cart 12 abandoned', 'error').id);
  });
});

describe('errorType', () => {
  it('names non-errors NonError, or by their name field', () => {
    expect(errorType('boom')).toBe('NonError');
    expect(errorType({ name: 'AbortError' })).toBe('AbortError');
    expect(errorType(new RangeError('x'))).toBe('RangeError');
  });
});

describe('fingerprintFromStack', () => {
  it('gives an exception as plain strings (OTLP exception.type and exception.stacktrace) the id of the thrown error', () => {
    const thrown = errorWith('TypeError', 'x is undefined', ['charge (/srv/checkout/src/pay.ts:10:5)', '/srv/checkout/src/routes.ts:4:9']);
    const fromStrings = fingerprintFromStack('TypeError', thrown.stack as string, { root: ROOT, message: 'x is undefined' });
    expect(fromStrings).toEqual(fingerprintError(thrown, thrown.message, ROOT));
    expect(fromStrings.frames).toEqual(['charge (src/pay.ts)', '? (src/routes.ts:4)']);
  });

  it('includes a code when given and falls back to the message without a stack', () => {
    const stack = 'Error: connect refused\n    at connect (/srv/checkout/src/db.ts:1:1)';
    expect(fingerprintFromStack('Error', stack, { root: ROOT, code: 'ECONNREFUSED' }).id).not.toBe(
      fingerprintFromStack('Error', stack, { root: ROOT }).id,
    );
    expect(fingerprintFromStack('Error', undefined, { message: 'row 17 missing' }).id).toBe(
      fingerprintFromStack('Error', '', { message: 'row 18 missing' }).id,
    );
    expect(fingerprintFromStack('Error', undefined, { message: 'row 17 missing' }).id).toBe(
      fingerprintOf(Object.assign(new Error('row 17 missing'), { stack: undefined })),
    );
  });

  it('is pure: the same strings always give the same fingerprint', () => {
    const stack = 'RangeError: too big\n    at /srv/checkout/src/a.ts:3:4';
    expect(fingerprintFromStack('RangeError', stack, { root: ROOT })).toEqual(fingerprintFromStack('RangeError', stack, { root: ROOT }));
  });
});
