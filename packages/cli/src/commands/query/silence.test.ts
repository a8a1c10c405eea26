import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatSilences, matcherText, parseMatcher } from './silence.js';

describe('sightline silence matchers', () => {
  it('reads the four operators as amtool does, a quoted value unquoted, and collects them in order', () => {
    const matchers = ['alertname=SightlineErrorNew', 'env!=dev', 'service=~"orders-.*"', 'route!~/health.*', 'note="a \\"b\\""'].reduce(
      (all, text) => parseMatcher(text, all),
      [] as ReturnType<typeof parseMatcher>,
    );
    expect(matchers).toEqual([
      { name: 'alertname', value: 'SightlineErrorNew', isRegex: false, isEqual: true },
      { name: 'env', value: 'dev', isRegex: false, isEqual: false },
      { name: 'service', value: 'orders-.*', isRegex: true, isEqual: true },
      { name: 'route', value: '/health.*', isRegex: true, isEqual: false },
      { name: 'note', value: 'a "b"', isRegex: false, isEqual: true },
    ]);
    expect(matchers.map(matcherText)).toEqual([
      'alertname="SightlineErrorNew"',
      'env!="dev"',
      'service=~"orders-.*"',
      'route!~"/health.*"',
      'note="a \\"b\\""',
    ]);
    // An empty value is a matcher too (the label is absent or empty).
    expect(parseMatcher('team=')).toEqual([{ name: 'team', value: '', isRegex: false, isEqual: true }]);
  });

  it('refuses what is not a matcher, naming the forms it takes', () => {
    for (const bad of ['service~orders', '=x', '1bad=x', 'name']) {
      expect(() => parseMatcher(bad)).toThrow(InvalidArgumentError);
      expect(() => parseMatcher(bad)).toThrow('use name=value, name!=value, name=~regex or name!~regex');
    }
  });

  it('lists silences with their end, author, matchers and comment', () => {
    const text = formatSilences({
      alertmanager: 'http://127.0.0.1:9093',
      silences: [
        {
          id: '14a06db8-8644-48bf-937d-f8d811aa69b9',
          state: 'active',
          matchers: [{ name: 'alertname', value: 'SightlineErrorNew', isRegex: false, isEqual: true }],
          startsAtMs: Date.UTC(2026, 11, 4, 12),
          endsAtMs: Date.UTC(2026, 11, 4, 14),
          createdBy: 'ops',
          comment: 'release freeze',
        },
      ],
    }).split('\n');
    expect(lines(text)).toEqual([
      'silences in http://127.0.0.1:9093:',
      'ID STATE ENDS BY MATCHERS COMMENT',
      '14a06db8-8644-48bf-937d-f8d811aa69b9 active 2026-12-04T14:00:00.000Z ops alertname="SightlineErrorNew" release freeze',
    ]);
    expect(formatSilences({ alertmanager: 'http://am', silences: [] })).toBe('silences in http://am: none active or pending\n');
  });
});

/** The table's lines with runs of spaces as one. */
function lines(text: string[]): string[] {
  return text.filter((line) => line !== '').map((line) => line.replace(/ {2,}/g, ' ').trimEnd());
}
