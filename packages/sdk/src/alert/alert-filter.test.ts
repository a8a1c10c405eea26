import { describe, expect, it } from 'vitest';
import { SightlineAlertError } from './alert-errors.js';
import { alertListQuery } from './alert-filter.js';
import { alertmanagerDetail } from './alertmanager-request.js';

describe('alertListQuery', () => {
  it('is empty without a filter', () => {
    expect(alertListQuery()).toBe('');
    expect(alertListQuery({})).toBe('');
  });

  it('quotes equality matchers the way Alertmanager unquotes them', () => {
    const query = new URLSearchParams(alertListQuery({ labels: { path: 'a\\b "c"\nd' } }).slice(1));
    expect(query.getAll('filter')).toEqual(['path="a\\\\b \\"c\\"\\nd"']);
  });

  it('refuses label names Alertmanager could not match', () => {
    expect(() => alertListQuery({ labels: { 'not-a-name': 'x' } })).toThrow(SightlineAlertError);
  });

  it('passes the state flags and the receiver', () => {
    expect(alertListQuery({ active: true, inhibited: false, receiver: 'pager.*' })).toBe('?active=true&inhibited=false&receiver=pager.*');
  });
});

describe('alertmanagerDetail', () => {
  it('reads a JSON string, a go-swagger error object, or plain text', () => {
    expect(alertmanagerDetail('"invalid label set"\n')).toBe('invalid label set');
    expect(alertmanagerDetail('{"code":400,"message":"parsing alerts body failed"}')).toBe('parsing alerts body failed');
    expect(alertmanagerDetail('Bad Gateway')).toBe('Bad Gateway');
    expect(alertmanagerDetail('  ')).toBeUndefined();
    expect(alertmanagerDetail('x'.repeat(2000))).toHaveLength(1001);
  });
});
