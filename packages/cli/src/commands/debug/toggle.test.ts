import { describe, expect, it } from 'vitest';
import { formatToggleStatus, toggleBody } from './toggle.js';

describe('toggleBody', () => {
  it('sends only what was asked for, at debug level unless told otherwise', () => {
    expect(toggleBody({ target: 't', dump: true, route: '/orders/:id', for: 300 })).toEqual({
      level: 'debug',
      route: '/orders/:id',
      durationSeconds: 300,
    });
    expect(toggleBody({ target: 't', dump: false, level: 'trace', user: 'u1' })).toEqual({ level: 'trace', userId: 'u1', dump: false });
  });
});

describe('formatToggleStatus', () => {
  it('reads the status as a sentence', () => {
    expect(formatToggleStatus({ active: false, mode: 'off', level: 'info', baseLevel: 'info', dump: false })).toBe(
      'debug toggle: off (log level info)\n',
    );
    expect(
      formatToggleStatus({
        active: true,
        mode: 'scoped',
        level: 'debug',
        baseLevel: 'info',
        route: '/orders/:id',
        userId: 'u1',
        dump: true,
        expiresAt: '2025-01-02T03:09:05.000Z',
        remainingSeconds: 299,
      }),
    ).toBe(
      'debug toggle: on for route /orders/:id and user u1, at debug, 4m59s left (until 2025-01-02T03:09:05.000Z)\n' +
        'request dumps on; the level returns to info afterwards\n',
    );
  });

  it('falls back to key: value lines for an answer of another shape', () => {
    expect(formatToggleStatus({ enabled: 'maybe' })).toBe('enabled: maybe\n');
  });
});
