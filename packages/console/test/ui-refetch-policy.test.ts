import { describe, expect, it } from 'vitest';
import { ApiError } from '../ui/src/api/client.js';
import { refetchAfter } from '../ui/src/api/refetch-policy.js';

describe('which failed requests a live update asks again', () => {
  it('never asks again after a client error: a bad trace id (400) or a missing error group (404)', () => {
    expect(refetchAfter(new ApiError(400, 'traceId: a trace id is 32 hex digits'))).toBe(false);
    expect(refetchAfter(new ApiError(404, 'no error group doesnotexist is stored'))).toBe(false);
    expect(refetchAfter(new ApiError(401, 'a token is required'))).toBe(false);
  });

  it('asks again after a 404 where the thing can still arrive (a trace whose spans are on their way)', () => {
    expect(refetchAfter(new ApiError(404, 'no trace 5b8e… is stored'), { notFoundMayArrive: true })).toBe(true);
    expect(refetchAfter(new ApiError(400, 'traceId: a trace id is 32 hex digits'), { notFoundMayArrive: true })).toBe(false);
  });

  it('asks again after a server error, a network failure, or a "try later"', () => {
    expect(refetchAfter(new ApiError(500, 'store query failed'))).toBe(true);
    expect(refetchAfter(new ApiError(503, 'store overloaded'))).toBe(true);
    expect(refetchAfter(new ApiError(429, 'too many requests'))).toBe(true);
    expect(refetchAfter(new ApiError(408, 'request timeout'))).toBe(true);
    expect(refetchAfter(new TypeError('Failed to fetch'))).toBe(true);
  });
});
