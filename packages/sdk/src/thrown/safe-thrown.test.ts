import { describe, expect, it } from 'vitest';
import { safeThrown, thrownString } from './index.js';

function withThrowingGetter(key: string, message = 'boom'): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.code = 'E_PAY';
  Object.defineProperty(error, key, {
    enumerable: key !== 'stack' && key !== 'message',
    get() {
      throw new Error(`${key} getter exploded`);
    },
  });
  return error;
}

describe('safeThrown', () => {
  it('returns an ordinary error, a plain object and a primitive as they are', () => {
    const error = Object.assign(new Error('plain'), { code: 'E1', cause: new Error('under') });
    expect(safeThrown(error)).toBe(error);
    const object = { message: 'thrown object', password: 'x' };
    expect(safeThrown(object)).toBe(object);
    expect(safeThrown('text')).toBe('text');
    expect(safeThrown(undefined)).toBeUndefined();
  });

  it('copies an error whose stack, message or field getter throws: what could be read, no throw', () => {
    const noStack = safeThrown(withThrowingGetter('stack')) as Error & { code?: string };
    expect(noStack).toBeInstanceOf(Error);
    expect(noStack.message).toBe('boom');
    expect(noStack.code).toBe('E_PAY');
    // No stack of its own: a copy's would point into the SDK.
    expect(noStack.stack).toBe('Error: boom');

    const noMessage = safeThrown(withThrowingGetter('message')) as Error;
    expect(noMessage.message).toContain('unreadable');
    // V8 writes the stack's first line from the message when it is first read: that threw too.
    expect(noMessage.stack).toBe(`Error: ${noMessage.message}`);

    const badField = safeThrown(withThrowingGetter('details')) as Error & Record<string, unknown>;
    expect(badField.message).toBe('boom');
    expect('details' in badField).toBe(false);
  });

  it('copies a Proxy whose traps throw, keeping its type name', () => {
    class PaymentError extends Error {
      override name = 'PaymentError';
    }
    const proxied = new Proxy(new PaymentError('declined'), {
      get(target, key) {
        if (key === 'code') throw new Error('trap');
        return Reflect.get(target, key);
      },
      ownKeys() {
        throw new Error('ownKeys trap');
      },
    });
    const copy = safeThrown(proxied) as Error;
    expect(copy.name).toBe('PaymentError');
    expect(copy.message).toBe('declined');
  });

  it('is the same copy for the same value (one throw is one capture), and follows causes and members', () => {
    const hostile = withThrowingGetter('stack', 'inner');
    const outer = new Error('outer', { cause: hostile });
    const copy = safeThrown(outer) as Error;
    expect(copy).not.toBe(outer);
    expect(safeThrown(outer)).toBe(copy);
    expect((copy.cause as Error).message).toBe('inner');
    expect(copy.cause).toBe(safeThrown(hostile));

    const aggregate = new AggregateError([new Error('fine'), withThrowingGetter('stack', 'member')], 'two failed');
    const members = (safeThrown(aggregate) as AggregateError).errors as Error[];
    expect(members.map((member) => member.message)).toEqual(['fine', 'member']);
  });

  it('ends at a circular cause', () => {
    const a = withThrowingGetter('stack', 'a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    const copy = safeThrown(a) as Error;
    expect(copy.message).toBe('a');
    expect((copy.cause as Error).message).toBe('b');
  });
});

describe('thrownString', () => {
  it('writes what String() writes, and the type where String() throws', () => {
    expect(thrownString(new Error('m'))).toBe('m');
    expect(thrownString('s')).toBe('s');
    expect(thrownString({})).toBe('[object Object]');
    expect(thrownString(Object.create(null))).toBe('[Error]');
    class Weird {
      toString(): string {
        throw new Error('no');
      }
    }
    expect(thrownString(new Weird())).toBe('[Weird]');
  });
});
