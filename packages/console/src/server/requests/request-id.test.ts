import { describe, expect, it } from 'vitest';
import { requestIdOf } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("a request's id", () => {
  it.each(['deploy-check-42', 'a', 'trace:4bf92f35.b7_x', 'x'.repeat(128)])("is the caller's x-request-id %s when it is sane", (id) => {
    expect(requestIdOf({ headers: { 'x-request-id': id } })).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['with a space', 'two words'],
    ['with a line break', 'id\nsightline console: forged'],
    ['with a slash', 'a/b'],
    ['not ASCII', 'idé'],
  ])('is a fresh UUID when the offered one is %s', (_case, id) => {
    expect(requestIdOf({ headers: { 'x-request-id': id } })).toMatch(UUID);
  });

  it('is a fresh UUID, different each time, when none is offered', () => {
    const first = requestIdOf({ headers: {} });
    const second = requestIdOf({ headers: {} });
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
  });
});
