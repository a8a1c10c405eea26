import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DebugToggle } from '../src/index.js';
import { eventually } from '../src/testing/index.js';
import { expressAdapter } from './support/express-app.js';
import { fastifyAdapter } from './support/fastify-app.js';
import { nodeAdapter } from './support/node-app.js';
import { createObserverHarness, type LogLine, type ObserverHarness } from './support/observer-harness.js';
import type { RunningApp } from './support/running-app.js';

const CENSOR = '[REDACTED]';

/** Every value here is a secret: none may appear in any dump. Plain alphanumerics, so JSON escaping cannot hide one. */
const SECRETS = {
  bearer: 'tokBearer5f2a9c',
  cookie: 'sessCookie81d0e7',
  apiKeyHeader: 'keyHeader3b7e11',
  proxyAuthorization: 'proxyBasic77aa01',
  queryApiKey: 'keyQueryC0ffee',
  queryToken: 'tokQuery90ab12',
  queryAccessToken: 'atQuery1234ab',
  password: 'pwJsonHunter2x',
  nestedPassword: 'pwNestedDeep4411',
  deepSecret: 'secretDeep6Levels',
  card: '4111111111111111',
  cardNumber: '5500005555555559',
  clientSecret: 'csJson77e3e3',
  itemApiKey: 'keyItemArr9q8w7',
  refreshToken: 'rtJsonArr5t6y7u',
  formPassword: 'pwFormA1b2c3',
  formCard: '4012888888881881',
  formToken: 'tokFormD4e5f6',
  sessionToken: 'sessTok4c4c4c',
  sessionId: 'sessId9d9d9d',
  csrfToken: 'csrfTok1e1e1e',
  noteCard: '6011111111111117',
};

const SECRET_HEADERS = {
  authorization: `Bearer ${SECRETS.bearer}`,
  cookie: `sid=${SECRETS.cookie}; theme=dark`,
  'x-api-key': SECRETS.apiKeyHeader,
  'proxy-authorization': `Basic ${SECRETS.proxyAuthorization}`,
  'x-session-token': SECRETS.sessionToken,
  'session-id': SECRETS.sessionId,
  'x-csrf-token': SECRETS.csrfToken,
};

const ORDER = {
  customer: { name: 'Ada Lovelace', auth: { password: SECRETS.nestedPassword } },
  password: SECRETS.password,
  payment: { card: SECRETS.card, cardNumber: SECRETS.cardNumber, amount: 1250 },
  client_secret: SECRETS.clientSecret,
  items: [
    { sku: 'SKU-1', apiKey: SECRETS.itemApiKey },
    { sku: 'SKU-2', tokens: [{ refresh_token: SECRETS.refreshToken }] },
  ],
  deep: { l1: { l2: { l3: { l4: { l5: { l6: { secret: SECRETS.deepSecret, depth: 'seven' } } } } } } },
  note: `card ${SECRETS.noteCard} on file`,
};

const FORM = `user=ada&password=${SECRETS.formPassword}&card=${SECRETS.formCard}&token=${SECRETS.formToken}&note=leave+at+door`;

interface Dump extends LogLine {
  readonly request: { url: string; headers: Record<string, unknown>; body?: Record<string, unknown> };
  readonly response: { headers: Record<string, unknown>; body?: Record<string, unknown> };
}

describe.each([nodeAdapter, expressAdapter, fastifyAdapter])('request dumps through the $name adapter', (adapter) => {
  let harness: ObserverHarness;
  let app: RunningApp;
  let toggle: DebugToggle;
  let sequence = 0;

  beforeAll(async () => {
    harness = createObserverHarness(`dump-${adapter.name}`, adapter.routeTemplates, { debug: { enabled: true, port: 0 } });
    app = await adapter.start(harness.observer);
    toggle = harness.observer.debug.toggle as DebugToggle;
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  afterEach(() => {
    toggle.disable();
  });

  /** Sends a request and resolves with its id once its access line (written after any dump) is out. */
  async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<string> {
    const requestId = `dump-${adapter.name.replace(':', '')}-${++sequence}`;
    const response = await fetch(`${app.baseUrl}${path}`, { ...init, headers: { ...init.headers, 'x-request-id': requestId } });
    await response.text();
    await eventually(
      () => harness.lines.find((line) => line.request_id === requestId && line.msg === 'request completed'),
      `the access line of ${requestId}`,
    );
    return requestId;
  }

  const linesOf = (requestId: string) => harness.lines.filter((line) => line.request_id === requestId);
  const dumpOf = (requestId: string) => linesOf(requestId).find((line) => line.msg === 'request dump') as Dump | undefined;
  const messagesOf = (requestId: string) => linesOf(requestId).map((line) => line.msg);

  it('dumps every request of the redaction corpus with its fields and none of its secrets', async () => {
    toggle.apply({ durationSeconds: 60 });

    const order = await send(`/orders?api_key=${SECRETS.queryApiKey}&page=2`, {
      method: 'POST',
      headers: { ...SECRET_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(ORDER),
    });
    const form = await send('/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': SECRETS.apiKeyHeader },
      body: FORM,
    });
    const user = await send(`/users/42?token=${SECRETS.queryToken}&access_token=${SECRETS.queryAccessToken}&expand=orders`, {
      headers: { cookie: SECRET_HEADERS.cookie, authorization: SECRET_HEADERS.authorization },
    });

    const dumps = [order, form, user].map((id) => dumpOf(id));
    expect(dumps.every((dump) => dump !== undefined)).toBe(true);
    const rawDumps = harness.raw.filter((line) => line.includes('"msg":"request dump"'));
    expect(rawDumps).toHaveLength(3);
    for (const line of rawDumps) {
      for (const [name, secret] of Object.entries(SECRETS)) expect(line, `${name} leaked into a dump`).not.toContain(secret);
    }
    // Header and query secrets reach no line at all (bodies are logged by the app itself, not by us).
    const everything = harness.raw.join('');
    for (const name of [
      'bearer',
      'cookie',
      'apiKeyHeader',
      'proxyAuthorization',
      'queryApiKey',
      'queryToken',
      'queryAccessToken',
      'sessionToken',
      'sessionId',
      'csrfToken',
    ] as const) {
      expect(everything, `${name} leaked into the log`).not.toContain(SECRETS[name]);
    }

    const [orderDump, formDump, userDump] = dumps as [Dump, Dump, Dump];
    const accessLine = harness.lines.find((line) => line.request_id === order && line.msg === 'request completed');
    expect(orderDump).toMatchObject({
      level: 20,
      request_id: order,
      trace_id: accessLine?.trace_id,
      method: 'POST',
      route: '/orders',
      status: 201,
      request: {
        url: `/orders?api_key=${CENSOR}&page=2`,
        headers: {
          authorization: CENSOR,
          cookie: CENSOR,
          'x-api-key': CENSOR,
          'proxy-authorization': CENSOR,
          'x-session-token': CENSOR,
          'session-id': CENSOR,
          'x-csrf-token': CENSOR,
          'content-type': 'application/json',
        },
        body: {
          truncated: false,
          json: {
            customer: { name: 'Ada Lovelace', auth: { password: CENSOR } },
            password: CENSOR,
            payment: { card: CENSOR, cardNumber: CENSOR, amount: 1250 },
            items: [{ sku: 'SKU-1', apiKey: CENSOR }, { sku: 'SKU-2' }],
            deep: { l1: { l2: { l3: { l4: { l5: { l6: { secret: CENSOR, depth: 'seven' } } } } } } },
            note: `card ${CENSOR} on file`,
          },
        },
      },
      response: { body: { json: { customer: { name: 'Ada Lovelace' }, payment: { card: CENSOR, amount: 1250 } } } },
    });
    expect(orderDump.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(orderDump.request.body?.bytes).toBe(Buffer.byteLength(JSON.stringify(ORDER)));
    expect(String(orderDump.response.headers['content-type'])).toContain('application/json');

    expect(formDump).toMatchObject({
      route: '/form',
      status: 200,
      request: {
        headers: { 'x-api-key': CENSOR },
        body: { text: `user=ada&password=${CENSOR}&card=${CENSOR}&token=${CENSOR}&note=leave+at+door` },
      },
      response: { body: { json: { user: 'ada', password: CENSOR, card: CENSOR, token: CENSOR, note: 'leave at door' } } },
    });

    expect(userDump).toMatchObject({
      method: 'GET',
      route: '/users/:id',
      path: '/users/42',
      request: { url: `/users/42?token=${CENSOR}&access_token=${CENSOR}&expand=orders`, headers: { cookie: CENSOR } },
      response: { body: { json: { id: '42' } } },
    });
    expect(userDump.request.body).toBeUndefined();
  });

  it('leaves a large body whole for the app and summarises it, unshown, in the dump', async () => {
    toggle.apply({});
    const text = JSON.stringify({ filler: 'x'.repeat(80_000), password: SECRETS.password });

    const id = await send('/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

    const dump = dumpOf(id);
    const bytes = Buffer.byteLength(text);
    // 201 and an echo of the same length: the app parsed the whole body the tap also saw.
    expect(dump).toMatchObject({
      status: 201,
      request: { body: { bytes, truncated: true, omitted: expect.stringContaining('too large to redact') } },
      response: { body: { bytes, truncated: true, omitted: expect.stringContaining('too large to redact') } },
    });
    expect(harness.raw.find((line) => line.includes(id) && line.includes('"msg":"request dump"'))).not.toContain(SECRETS.password);
  });

  it('scoped to a route, writes debug lines and dumps for that route only', async () => {
    toggle.apply({ route: '/users/:id' });

    const user = await send('/users/7');
    const form = await send('/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });

    expect(messagesOf(user)).toEqual(['loading user', 'user loaded', 'request dump', 'request completed']);
    expect(messagesOf(form)).toEqual(['request completed']);
  });

  it('scoped to a user, matches from setUser() on', async () => {
    toggle.apply({ userId: 'u-1', dump: false });

    const tagged = await send('/log');
    const other = await send('/users/8');

    expect(messagesOf(tagged)).toEqual(['before await', 'user tagged', 'after await', 'request completed']);
    expect(messagesOf(other)).toEqual(['user loaded', 'request completed']);
  });

  it('writes neither debug lines nor dumps once disabled', async () => {
    toggle.apply({});
    const during = await send('/users/9');
    toggle.disable();
    const after = await send('/users/9');

    expect(messagesOf(during)).toEqual(['loading user', 'user loaded', 'request dump', 'request completed']);
    expect(messagesOf(after)).toEqual(['user loaded', 'request completed']);
    expect(harness.observer.logger.level).toBe('info');
  });
});
