import { describe, expect, it } from 'vitest';
import { serverSpanName } from './span-name.js';

describe('serverSpanName', () => {
  it('names a span by its method and route, the same string for the same pair', () => {
    const first = serverSpanName('GET', '/users/:id');
    expect(first).toBe('GET /users/:id');
    expect(serverSpanName('GET', '/users/:id')).toBe(first);
    expect(serverSpanName('POST', '/users/:id')).toBe('POST /users/:id');
    expect(serverSpanName('GET', '/orders/:id')).toBe('GET /orders/:id');
  });

  it('still names every pair correctly once it keeps no more of them', () => {
    for (let i = 0; i < 1100; i++) expect(serverSpanName('PATCH', `/items/${i}`)).toBe(`PATCH /items/${i}`);
    expect(serverSpanName('PATCH', '/items/1099')).toBe('PATCH /items/1099');
    expect(serverSpanName('GET', '/users/:id')).toBe('GET /users/:id');
  });
});
