import { describe, expect, it } from 'vitest';
import { absoluteTime } from './time-window.js';

describe('absoluteTime', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);

  it('turns a duration back from now into epoch milliseconds', () => {
    expect(absoluteTime('1h', now, '--since')).toBe(String(now - 3_600_000));
    expect(absoluteTime('7d', now, '--since')).toBe(String(now - 7 * 86_400_000));
    expect(absoluteTime('90s', now, '--since')).toBe(String(now - 90_000));
  });

  it('passes absolute times through for the console to validate', () => {
    expect(absoluteTime('2026-12-02T10:00:00Z', now, '--since')).toBe('2026-12-02T10:00:00Z');
    expect(absoluteTime('1764669600000', now, '--until')).toBe('1764669600000');
  });

  it('refuses an empty time, naming the option', () => {
    expect(() => absoluteTime(' ', now, '--until')).toThrow('--until: empty');
  });
});
