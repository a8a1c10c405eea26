import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracesRequest } from '../../../test/integration/browser/otlp-json.js';
import { type ApiApp, startApiApp } from '../../../test/support/api-app.js';
import { generateErrorOccurrences } from '../store/testing/index.js';

const FINGERPRINT = 'status0123456789';
let api: ApiApp;

beforeAll(async () => {
  api = await startApiApp();
  const { spans } = generateErrorOccurrences({
    fingerprint: FINGERPRINT,
    newestNs: BigInt(Date.now() - 60_000) * 1_000_000n,
    spanOccurrences: 3,
  });
  await api.store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
});
afterAll(() => api?.close());

const put = (fingerprint: string, payload: unknown, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'PUT', url: `/api/errors/${fingerprint}/status`, payload: payload as string, headers });
const listed = async (status?: string) => {
  const response = await api.app.inject(`/api/errors${status === undefined ? '' : `?status=${status}`}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { groups: { fingerprint: string; status: string; statusChangedMs: number | null }[] }).groups;
};

describe('PUT /api/errors/{fingerprint}/status', () => {
  it('sets a stored group resolved, shown by the list and the group, and filtered by status', async () => {
    expect((await listed()).map((group) => [group.fingerprint, group.status, group.statusChangedMs])).toEqual([
      [FINGERPRINT, 'unresolved', null],
    ]);
    const before = Date.now();
    const response = await put(FINGERPRINT, { status: 'resolved' });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as { fingerprint: string; status: string; statusChangedMs: number };
    expect(answer).toMatchObject({ fingerprint: FINGERPRINT, status: 'resolved' });
    expect(answer.statusChangedMs).toBeGreaterThanOrEqual(before);
    expect((await listed('resolved')).map((group) => group.fingerprint)).toEqual([FINGERPRINT]);
    expect(await listed('unresolved')).toEqual([]);
    const group = (await api.app.inject(`/api/errors/${FINGERPRINT}`)).json() as { status: string; statusChangedMs: number };
    expect(group).toMatchObject({ status: 'resolved', statusChangedMs: answer.statusChangedMs });
    expect((await put(FINGERPRINT, { status: 'unresolved' })).statusCode).toBe(200);
    expect((await listed('unresolved')).map((group) => group.status)).toEqual(['unresolved']);
  });

  it('answers 404 for a fingerprint no stored exception has, and stores nothing for it', async () => {
    const response = await put('nosuchgroup', { status: 'ignored' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found', message: 'no error group nosuchgroup is stored' });
    expect((await listed('ignored')).length).toBe(0);
  });

  it('refuses a bad status, an unknown field, a body that is not an object, and a body that is not JSON', async () => {
    const bad = await put(FINGERPRINT, { status: 'fixed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ message: 'bad body field(s): status', issues: [{ parameter: 'status' }] });
    expect((await put(FINGERPRINT, { status: 'resolved', until: 'tomorrow' })).json()).toMatchObject({
      issues: [{ parameter: 'until', message: 'unknown field' }],
    });
    expect((await put(FINGERPRINT, '"resolved"', { 'content-type': 'application/json' })).statusCode).toBe(400);
    // A form post (what a page of another site could send without a preflight) is not taken.
    expect((await put(FINGERPRINT, 'status=resolved', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    expect((await listed()).map((group) => group.status)).toEqual(['unresolved']);
  });
});
