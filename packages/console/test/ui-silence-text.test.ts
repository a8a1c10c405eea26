import { describe, expect, it } from 'vitest';
import { endText, matcherText, untilText } from '../ui/src/components/silence-text.js';

describe('how a silence reads', () => {
  it('writes each matcher as Alertmanager and amtool do, the value quoted', () => {
    const matcher = (isEqual: boolean, isRegex: boolean) => matcherText({ name: 'service', value: 'orders"api', isEqual, isRegex });
    expect([matcher(true, false), matcher(false, false), matcher(true, true), matcher(false, true)]).toEqual([
      'service="orders\\"api"',
      'service!="orders\\"api"',
      'service=~"orders\\"api"',
      'service!~"orders\\"api"',
    ]);
  });

  it('says how long until its end: to the minute within a day, whole units beyond', () => {
    const now = Date.UTC(2026, 11, 4, 12);
    expect(untilText(now + 45 * 1000, now)).toBe('in 45 s');
    expect(untilText(now + 30 * 60_000, now)).toBe('in 30 min');
    expect(untilText(now + 4 * 3_600_000 - 30_000, now)).toBe('in 3 h 59 min');
    expect(untilText(now + 2 * 3_600_000, now)).toBe('in 2 h');
    expect(untilText(now + 3 * 86_400_000 + 5 * 60_000, now)).toBe('in 3 d');
    expect(untilText(now - 1, now)).toBe('in 0 s');
  });

  it('names the day of an end that is not today', () => {
    const today = new Date(2026, 11, 4, 9, 30).getTime();
    expect(endText(new Date(2026, 11, 4, 16, 15).getTime(), today)).toBe('16:15');
    expect(endText(new Date(2026, 11, 7, 8, 5).getTime(), today)).toBe('2026-12-07 08:05');
  });
});
