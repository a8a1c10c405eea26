import { describe, expect, it } from 'vitest';
import { configError } from '../../test/support/thrown-error.js';
import { RouteMatcher, UNMATCHED_ROUTE } from './route-template.js';

const templateError = (templates: string[]) => configError(() => new RouteMatcher(templates));

describe('RouteMatcher', () => {
  it('matches a static template exactly', () => {
    const matcher = new RouteMatcher(['/health', '/api/orders']);

    expect(matcher.match('/health')).toBe('/health');
    expect(matcher.match('/api/orders')).toBe('/api/orders');
  });

  it('matches a parameter segment with any value', () => {
    const matcher = new RouteMatcher(['/users/:id', '/users/:id/orders/:orderId']);

    expect(matcher.match('/users/42')).toBe('/users/:id');
    expect(matcher.match('/users/ada')).toBe('/users/:id');
    expect(matcher.match('/users/42/orders/7')).toBe('/users/:id/orders/:orderId');
  });

  it('prefers a static segment over a parameter, whatever the declaration order', () => {
    for (const templates of [
      ['/users/:id', '/users/me'],
      ['/users/me', '/users/:id'],
    ]) {
      const matcher = new RouteMatcher(templates);
      expect(matcher.match('/users/me')).toBe('/users/me');
      expect(matcher.match('/users/you')).toBe('/users/:id');
    }
  });

  it.each([
    ['a few static children, compared in place', 3],
    ['many static children, looked up in a map', 40],
  ])('matches static segments with %s', (_name, count) => {
    const resources = Array.from({ length: count }, (_, i) => `res${i}`);
    const matcher = new RouteMatcher([...resources.map((name) => `/api/${name}/:id`), '/api/:kind/:id', '/api/res0/all']);

    for (const name of resources) expect(matcher.match(`/api/${name}/7`)).toBe(`/api/${name}/:id`);
    expect(matcher.match('/api/res0/all')).toBe('/api/res0/all');
    // A segment that a static child only starts, or that only ends it, takes the parameter.
    expect(matcher.match('/api/res00/7')).toBe('/api/:kind/:id');
    expect(matcher.match('/api/xres0/7')).toBe('/api/:kind/:id');
    expect(matcher.match('/api/res/7')).toBe('/api/:kind/:id');
    expect(matcher.match('/api/res0')).toBeUndefined();
  });

  it('prefers a parameter over a wildcard', () => {
    const matcher = new RouteMatcher(['/files/*', '/files/:name']);

    expect(matcher.match('/files/report.pdf')).toBe('/files/:name');
    expect(matcher.match('/files/2024/report.pdf')).toBe('/files/*');
  });

  it('prefers a static segment over a wildcard', () => {
    const matcher = new RouteMatcher(['/assets/*', '/assets/manifest.json']);

    expect(matcher.match('/assets/manifest.json')).toBe('/assets/manifest.json');
    expect(matcher.match('/assets/app.js')).toBe('/assets/*');
  });

  it('lets a wildcard match any number of remaining segments', () => {
    const matcher = new RouteMatcher(['/static/*']);

    expect(matcher.match('/static/a')).toBe('/static/*');
    expect(matcher.match('/static/a/b/c.css')).toBe('/static/*');
  });

  it('falls back to a wildcard higher up when a more specific branch dead-ends', () => {
    const matcher = new RouteMatcher(['/api/*', '/api/users/:id', '/api/users/me/settings']);

    expect(matcher.match('/api/users/me/settings')).toBe('/api/users/me/settings');
    expect(matcher.match('/api/users/me')).toBe('/api/users/:id');
    expect(matcher.match('/api/users/me/other')).toBe('/api/*');
    expect(matcher.match('/api/users/7/orders')).toBe('/api/*');
  });

  it('backtracks from a static branch to a parameter branch', () => {
    const matcher = new RouteMatcher(['/users/me/profile', '/users/:id/orders']);

    expect(matcher.match('/users/me/orders')).toBe('/users/:id/orders');
  });

  it('ignores a trailing slash on the path and on the template', () => {
    const matcher = new RouteMatcher(['/users/:id', '/orders/']);

    expect(matcher.match('/users/42/')).toBe('/users/:id');
    expect(matcher.match('/orders')).toBe('/orders/');
    expect(matcher.match('/orders/')).toBe('/orders/');
  });

  it('matches the root template', () => {
    const matcher = new RouteMatcher(['/', '/about']);

    expect(matcher.match('/')).toBe('/');
    expect(matcher.match('/about')).toBe('/about');
  });

  it('returns undefined when no template matches', () => {
    const matcher = new RouteMatcher(['/users/:id', '/health']);

    expect(matcher.match('/')).toBeUndefined();
    expect(matcher.match('/users')).toBeUndefined();
    expect(matcher.match('/users/42/orders')).toBeUndefined();
    expect(matcher.match('/healthz')).toBeUndefined();
    expect(new RouteMatcher([]).match('/anything')).toBeUndefined();
  });

  it('offers a fixed label value for unmatched requests', () => {
    expect(UNMATCHED_ROUTE).toBe('unmatched');
  });

  it('rejects a template that does not start with a slash', () => {
    const error = templateError(['/ok', 'users/:id']);

    expect(error.code).toBe('SL_ROUTE_TEMPLATE_INVALID');
    expect(error.message).toContain('"users/:id"');
    expect(error.message).toContain('must start with "/"');
  });

  it('rejects a wildcard that is not the last segment', () => {
    const error = templateError(['/files/*/meta']);

    expect(error.code).toBe('SL_ROUTE_TEMPLATE_INVALID');
    expect(error.message).toContain('"*" must be the last segment');
  });

  it('rejects a parameter without a name', () => {
    const error = templateError(['/users/:']);

    expect(error.code).toBe('SL_ROUTE_TEMPLATE_INVALID');
    expect(error.message).toContain('needs a name');
  });
});
