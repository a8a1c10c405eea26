import { describe, expect, it } from 'vitest';
import { unhandledRejectionsMode } from './process-handlers.js';

describe('unhandledRejectionsMode', () => {
  it("is Node's default, throw, when nothing sets it", () => {
    expect(unhandledRejectionsMode([], undefined)).toBe('throw');
    expect(unhandledRejectionsMode(['--conditions=x', '--import', 'tsx'], '--max-old-space-size=512')).toBe('throw');
  });

  it('reads --unhandled-rejections from the command line, in both spellings', () => {
    expect(unhandledRejectionsMode(['--unhandled-rejections=warn'], undefined)).toBe('warn');
    expect(unhandledRejectionsMode(['--unhandled-rejections', 'none'], undefined)).toBe('none');
    expect(unhandledRejectionsMode(['--unhandled-rejections=strict', '--unhandled-rejections=warn-with-error-code'], undefined)).toBe(
      'warn-with-error-code',
    );
  });

  it('reads NODE_OPTIONS, which the command line overrides', () => {
    expect(unhandledRejectionsMode([], '--enable-source-maps --unhandled-rejections=none')).toBe('none');
    expect(unhandledRejectionsMode(['--unhandled-rejections=strict'], '--unhandled-rejections=none')).toBe('strict');
  });

  it('ignores a value Node would not accept', () => {
    expect(unhandledRejectionsMode(['--unhandled-rejections=sometimes'], undefined)).toBe('throw');
  });
});
