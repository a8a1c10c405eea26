import { describe, expect, it } from 'vitest';
import { IgnoredPaths } from './ignored-paths.js';

describe('IgnoredPaths', () => {
  it.each([
    ['a short list, walked', 3],
    ['a long list, in a Set', 40],
  ])('holds exactly the listed paths: %s', (_name, extra) => {
    const listed = ['/metrics', '/healthz', '/readyz', ...Array.from({ length: extra }, (_, i) => `/internal/${i}`)];
    const paths = new IgnoredPaths([...listed, '/metrics']);
    for (const path of listed) expect(paths.has(path)).toBe(true);
    // A built string equal to a listed one (not the same string object) is found too.
    expect(paths.has(['', 'metrics'].join('/'))).toBe(true);
    for (const path of ['/metricz', '/metrics/', '/Metrics', '/', '', '/users/42', '/internal/']) expect(paths.has(path)).toBe(false);
  });

  it('holds nothing when given nothing', () => {
    expect(new IgnoredPaths([]).has('/')).toBe(false);
  });
});
