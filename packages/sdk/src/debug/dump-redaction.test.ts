import { describe, expect, it } from 'vitest';
import { BodyCapture } from './body-tap.js';
import { DumpRedactor } from './dump-redaction.js';

const CENSOR = '[REDACTED]';

function redactor(maxBodyBytes = 8192, keys: readonly string[] = ['internalRef']) {
  return new DumpRedactor({ keys, censor: CENSOR, maxBodyBytes });
}

function captured(text: string | Buffer, limit = 64 * 1024): BodyCapture {
  const capture = new BodyCapture(limit);
  capture.add(typeof text === 'string' ? Buffer.from(text) : text, undefined);
  return capture;
}

describe('DumpRedactor headers', () => {
  it('censors credentials headers and configured keys, keeping the others', () => {
    const headers = redactor().headers({
      authorization: 'Bearer h-secret-1',
      'proxy-authorization': 'Basic h-secret-2',
      cookie: 'sid=h-secret-3',
      'x-api-key': 'h-secret-4',
      'set-cookie': ['sid=h-secret-5; HttpOnly'],
      internalref: 'h-secret-6',
      'content-type': 'application/json',
      'user-agent': 'test',
    });

    expect(JSON.stringify(headers)).not.toMatch(/h-secret/);
    expect(headers).toMatchObject({
      authorization: CENSOR,
      'set-cookie': CENSOR,
      'content-type': 'application/json',
      'user-agent': 'test',
    });
  });
});

describe('DumpRedactor default header names', () => {
  it('censors session, CSRF and proxy credentials in request and response headers', () => {
    const headers = redactor().headers({
      'x-session-token': 'h-secret-1',
      'session-id': 'h-secret-2',
      'x-csrf-token': 'h-secret-3',
      'proxy-authorization': 'Basic h-secret-4',
      sessionid: 'h-secret-5',
      accept: 'text/html',
    });

    expect(JSON.stringify(headers)).not.toMatch(/h-secret/);
    expect(headers).toMatchObject({ 'x-session-token': CENSOR, 'session-id': CENSOR, 'x-csrf-token': CENSOR, accept: 'text/html' });
  });
});

describe('DumpRedactor card numbers', () => {
  it('censors Luhn-valid card numbers in JSON values under any key, spaced, dashed or as numbers', () => {
    const body = {
      note: 'paid with 4111 1111 1111 1111 yesterday',
      backup: '5500-0055-5555-5559',
      amex: 378282246310005,
      old: '4222222222222',
      items: [{ ref: 'x 6011111111111117' }],
    };

    const dumped = redactor().body(captured(JSON.stringify(body)), 'application/json', undefined);

    expect(JSON.stringify(dumped)).not.toMatch(/4111|5500|378282|4222222|6011/);
    expect(dumped).toMatchObject({
      json: { note: `paid with ${CENSOR} yesterday`, backup: CENSOR, amex: CENSOR, old: CENSOR, items: [{ ref: `x ${CENSOR}` }] },
    });
  });

  it('keeps digit runs that are no card number: Luhn-invalid, too short or long, millisecond timestamps', () => {
    const body = {
      invalid: '4111 1111 1111 1112',
      short: '411111111111',
      long: '12345678901234567890123',
      created: 1733112000000,
      phone: '+44 20 7946 0958',
    };

    const dumped = redactor().body(captured(JSON.stringify(body)), 'application/json', undefined);

    expect(dumped).toMatchObject({ json: body });
  });

  it('censors card numbers in query and form values, text bodies and header values', () => {
    const dumper = redactor();

    expect(dumper.url('/pay?pan=4111111111111111&ref=4111111111111112&memo=card%204111%201111%201111%201111')).toBe(
      `/pay?pan=${CENSOR}&ref=4111111111111112&memo=${CENSOR}`,
    );
    expect(dumper.body(captured('memo=5500+0055+5555+5559&qty=2'), 'application/x-www-form-urlencoded', undefined)).toMatchObject({
      text: `memo=${CENSOR}&qty=2`,
    });
    expect(dumper.body(captured('charged 6011-1111-1111-1117.'), 'text/plain', undefined)).toMatchObject({ text: `charged ${CENSOR}.` });
    expect(dumper.headers({ 'x-debug-note': 'card 4111111111111111', accept: 'text/html' })).toEqual({
      'x-debug-note': `card ${CENSOR}`,
      accept: 'text/html',
    });
  });
});

describe('DumpRedactor card numbers beside other digits', () => {
  it('finds the card number in a longer run of digit groups, such as a card and its CVC', () => {
    const dumped = redactor().body(captured('card 4111111111111111 123, ref 12 5500 0055 5555 5559'), 'text/plain', undefined);

    expect(dumped).toMatchObject({ text: `card ${CENSOR} 123, ref 12 ${CENSOR}` });
  });

  it('censors a card number in a text body that the size limit cuts, instead of showing its first digits', () => {
    const dumped = redactor(12).body(captured('pay 4111 1111 1111 1111 now'), 'text/plain', undefined) as { text: string };

    expect(dumped.text).toBe('pay [REDACTE');
  });
});

describe('DumpRedactor URLs', () => {
  it('censors secret query parameters and keeps the rest as sent', () => {
    const url = redactor().url('/search?q=a%20b&token=q-secret-1&page=2&api_key=q-secret-2&user%5Bpassword%5D=q-secret-3');

    expect(url).toBe(`/search?q=a%20b&token=${CENSOR}&page=2&api_key=${CENSOR}&user%5Bpassword%5D=${CENSOR}`);
  });

  it('leaves a URL without secrets untouched', () => {
    expect(redactor().url('/users/42?expand=orders&x')).toBe('/users/42?expand=orders&x');
    expect(redactor().url('/users/42')).toBe('/users/42');
  });
});

describe('DumpRedactor bodies', () => {
  it('parses JSON bodies and censors secret keys at any depth, card numbers included', () => {
    const body = {
      user: 'ada',
      password: 'j-secret-1',
      payment: { card: '4111111111111111', cardNumber: '5500005555555559', amount: 12 },
      deep: { a: { b: { c: { d: { e: { f: { token: 'j-secret-2', kept: 'yes' } } } } } } },
      items: [{ sku: 'x', apiKey: 'j-secret-3' }],
    };

    const dumped = redactor().body(captured(JSON.stringify(body)), 'application/json; charset=utf-8', undefined);

    expect(JSON.stringify(dumped)).not.toMatch(/j-secret|4111111111111111|5500005555555559/);
    expect(dumped).toMatchObject({ bytes: JSON.stringify(body).length, truncated: false, json: { user: 'ada', password: CENSOR } });
    expect(JSON.stringify(dumped)).toContain('"kept":"yes"');
  });

  it('keeps a "__proto__" key a key, so the keys beside it are still censored', () => {
    const text = '{"__proto__":{"password":"p-secret-1"},"password":"p-secret-2","name":"ada"}';

    const dumped = redactor().body(captured(text), 'application/json', undefined);

    expect(JSON.stringify(dumped)).not.toMatch(/p-secret/);
    expect(JSON.stringify(dumped)).toContain('"name":"ada"');
  });

  it('replaces subtrees nested past the walk instead of showing them', () => {
    let nested: unknown = { password: 'n-secret-1' };
    for (let i = 0; i < 30; i++) nested = { next: nested };

    const dumped = redactor().body(captured(JSON.stringify(nested)), 'application/json', undefined);

    expect(JSON.stringify(dumped)).not.toContain('n-secret-1');
    expect(JSON.stringify(dumped)).toContain('[nested too deep]');
  });

  it('cuts a redacted JSON body over the size limit and says so', () => {
    const body = { password: 'c-secret-1', filler: 'x'.repeat(500) };

    const dumped = redactor(100).body(captured(JSON.stringify(body)), 'application/json', undefined) as {
      text: string;
      truncated: boolean;
    };

    expect(dumped.truncated).toBe(true);
    expect(dumped.text).toHaveLength(100);
    expect(dumped.text).toContain(`"password":"${CENSOR}"`);
  });

  it('summarises JSON and form bodies too large to parse whole, never showing their text', () => {
    const capture = new BodyCapture(32);
    capture.add(Buffer.from(JSON.stringify({ password: 't-secret-1', filler: 'x'.repeat(100) })), undefined);

    const dumped = redactor(16).body(capture, 'application/json', undefined);

    expect(dumped).toMatchObject({ truncated: true, omitted: expect.stringContaining('too large to redact') });
    expect(JSON.stringify(dumped)).not.toContain('t-secret');
  });

  it('censors form-encoded values by key, bracketed names included', () => {
    const dumped = redactor().body(
      captured('user=ada&password=f-secret-1&card=4111111111111111&profile%5Btoken%5D=f-secret-2&note=hi+there'),
      'application/x-www-form-urlencoded',
      undefined,
    );

    expect(dumped).toMatchObject({ text: `user=ada&password=${CENSOR}&card=${CENSOR}&profile%5Btoken%5D=${CENSOR}&note=hi+there` });
  });

  it('treats text/json as JSON, and says a body shown whole is not truncated even past the limit once censored', () => {
    const spaced = `{ "password" : "w-secret-1" ${' '.repeat(40)}}`;

    const dumped = redactor(30).body(captured(spaced), 'text/json', undefined);

    expect(dumped).toEqual({ bytes: spaced.length, truncated: false, content_type: 'text/json', json: { password: CENSOR } });
  });

  it('shows text bodies as text, cut at the limit', () => {
    const dumped = redactor(5).body(captured('hello world'), 'text/plain', undefined);

    expect(dumped).toEqual({ bytes: 11, truncated: true, content_type: 'text/plain', text: 'hello' });
  });

  it('summarises binary and content-encoded bodies', () => {
    expect(redactor().body(captured(Buffer.from([0, 1, 2, 255])), 'application/octet-stream', undefined)).toEqual({
      bytes: 4,
      truncated: false,
      content_type: 'application/octet-stream',
      omitted: 'binary',
    });
    expect(redactor().body(captured('{"a":1}'), 'application/json', 'gzip')).toMatchObject({ omitted: 'content-encoding gzip' });
  });

  it('parses a body without content type only when it is JSON', () => {
    expect(redactor().body(captured('{"token":"u-secret-1","a":1}'), undefined, undefined)).toMatchObject({
      json: { token: CENSOR, a: 1 },
    });
    expect(redactor().body(captured('password=u-secret-2'), undefined, undefined)).toMatchObject({ omitted: 'no content-type' });
  });

  it('shows no body at all when the body size is 0', () => {
    expect(redactor(0).body(captured('{"a":1}'), 'application/json', undefined)).toEqual({
      bytes: 7,
      truncated: true,
      content_type: 'application/json',
      omitted: 'bodies off (debug.dumpBodyBytes is 0)',
    });
  });

  it('returns nothing for an empty or untapped body', () => {
    expect(redactor().body(undefined, 'application/json', undefined)).toBeUndefined();
    expect(redactor().body(new BodyCapture(10), 'application/json', undefined)).toBeUndefined();
  });
});
