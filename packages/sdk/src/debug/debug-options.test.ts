import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../config/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';

describe('debug server options', () => {
  it('is on by default only when the environment is explicitly development', () => {
    expect(resolveOptions({}, { NODE_ENV: 'development' }).debug.enabled).toBe(true);
    expect(resolveOptions({ environment: 'development' }, {}).debug.enabled).toBe(true);
    expect(resolveOptions({}, { NODE_ENV: 'production' }).debug.enabled).toBe(false);
    expect(resolveOptions({}, { NODE_ENV: 'test' }).debug.enabled).toBe(false);
    // Nothing set: the environment falls back to 'development', but a forgotten NODE_ENV must not open a port.
    const fallback = resolveOptions({}, {});
    expect(fallback.environment).toBe('development');
    expect(fallback.debug.enabled).toBe(false);
  });

  it('defaults to loopback, port 6060, no token, 60 s profiles and a 300 s inspector timeout', () => {
    const debug = resolveOptions({}, {}).debug;
    expect(debug).toMatchObject({ enabled: false, port: 6060, host: '127.0.0.1', maxProfileSeconds: 60, inspectorTimeoutSeconds: 300 });
    expect(debug.token).toBeUndefined();
  });

  it('lets SIGHTLINE_DEBUG switch it either way, and options in code win over it', () => {
    expect(resolveOptions({}, { NODE_ENV: 'production', SIGHTLINE_DEBUG: 'true' }).debug.enabled).toBe(true);
    expect(resolveOptions({}, { NODE_ENV: 'development', SIGHTLINE_DEBUG: 'false' }).debug.enabled).toBe(false);
    expect(resolveOptions({ debug: { enabled: false } }, { SIGHTLINE_DEBUG: 'true' }).debug.enabled).toBe(false);
  });

  it('refuses a short token and a port out of range, naming the option or variable', () => {
    expect(() => resolveOptions({}, { SIGHTLINE_DEBUG_TOKEN: 'short' })).toThrow(SightlineConfigError);
    expect(() => resolveOptions({}, { SIGHTLINE_DEBUG_TOKEN: 'short' })).toThrow(
      /debug\.token: debug\.token must be at least 16 characters \(set by SIGHTLINE_DEBUG_TOKEN\)/,
    );
    expect(() => resolveOptions({ debug: { port: 70_000 } }, {})).toThrow(/debug\.port/);
  });
});
