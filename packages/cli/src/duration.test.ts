import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatSeconds, parseDuration, parsePositiveInteger, parseWholeSeconds } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['45', 45_000],
    ['1.5m', 90_000],
    [' 2s ', 2000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5 minutes', '-3s', '3x', 'm5', '1h30m'])('rejects %j with a usage error naming the value', (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidArgumentError);
    expect(() => parseDuration(text)).toThrow(`"${text}"`);
  });

  it('rejects zero', () => {
    expect(() => parseDuration('0s')).toThrow('must be longer than zero');
  });
});

describe('parseWholeSeconds', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect(parseWholeSeconds('5m')).toBe(300);
    expect(parseWholeSeconds('1500ms')).toBe(2);
    expect(parseWholeSeconds('10ms')).toBe(1);
  });
});

describe('formatSeconds', () => {
  it('prints hours, minutes and seconds compactly', () => {
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(9)).toBe('9s');
    expect(formatSeconds(90)).toBe('1m30s');
    expect(formatSeconds(3600)).toBe('1h');
    expect(formatSeconds(3725)).toBe('1h2m5s');
  });
});

describe('parsePositiveInteger', () => {
  it('accepts whole numbers above zero and names anything else', () => {
    expect(parsePositiveInteger('10')).toBe(10);
    for (const bad of ['0', '-1', '2.5', 'ten']) expect(() => parsePositiveInteger(bad)).toThrow(`"${bad}" is not a positive whole number`);
  });
});
