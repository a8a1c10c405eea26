import { describe, expect, it } from 'vitest';
import { type Silence, silencedBy } from './silences.js';

const NOW = Date.UTC(2026, 11, 4, 12);

function silence(id: string, matchers: Partial<Silence['matchers'][number]>[], window: [number, number] = [NOW - 1, NOW + 1]): Silence {
  return {
    id,
    state: window[0] <= NOW ? 'active' : 'pending',
    matchers: matchers.map((matcher) => ({ name: 'alertname', value: '', isRegex: false, isEqual: true, ...matcher })),
    startsAtMs: window[0],
    endsAtMs: window[1],
    createdBy: 'test',
    comment: 'test',
  };
}

describe('silencedBy', () => {
  const labels = { alertname: 'SightlineErrorNew', fingerprint: 'f00d', service: 'orders-api' };

  it('names the active silences all of whose matchers hold, as Alertmanager matches them', () => {
    const silences = [
      silence('exact', [{ value: 'SightlineErrorNew' }, { name: 'fingerprint', value: 'f00d' }]),
      silence('regex', [{ name: 'service', value: 'orders-.*', isRegex: true }]),
      silence('regex-is-anchored', [{ name: 'service', value: 'orders', isRegex: true }]),
      silence('not-equal', [{ name: 'service', value: 'payments', isEqual: false }]),
      silence('not-regex', [{ name: 'service', value: 'orders.*', isRegex: true, isEqual: false }]),
      silence('one-fails', [{ value: 'SightlineErrorNew' }, { name: 'fingerprint', value: 'beef' }]),
      silence('missing-label-is-empty', [{ name: 'team', value: '' }, { value: 'SightlineErrorNew' }]),
      silence('pending', [{ value: 'SightlineErrorNew' }], [NOW + 60_000, NOW + 120_000]),
      silence('ended', [{ value: 'SightlineErrorNew' }], [NOW - 120_000, NOW]),
      silence('not-js-regex', [{ name: 'service', value: '(?P<x>orders)', isRegex: true }]),
    ];
    expect(silencedBy(labels, silences, NOW)).toEqual(['exact', 'regex', 'not-equal', 'missing-label-is-empty']);
  });
});
