import { describe, expect, it } from 'vitest';
import { loggableUrl } from './loggable-url.js';

describe('a URL as the console logs it', () => {
  it.each([
    ['/api/traces?service=orders&limit=5', '/api/traces?service=orders&limit=5'],
    ['/api/traces', '/api/traces'],
    ['/login?token=abcdefghijklmnop', '/login?token=[redacted]'],
    ['/login?next=%2F&token=abcdefghijklmnop&x=1', '/login?next=%2F&token=[redacted]&x=1'],
    ['/login?tok%65n=abcdefghijklmnop', '/login?tok%65n=[redacted]'],
    ['/login?TOKEN=abcdefghijklmnop', '/login?TOKEN=[redacted]'],
    ['/login?token', '/login?token=[redacted]'],
    ['/api/logs?q=token%3Dabc', '/api/logs?q=token%3Dabc'],
    ['/api/logs?tokens=1&%zz=2', '/api/logs?tokens=1&%zz=2'],
  ])('shows %s as %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});
