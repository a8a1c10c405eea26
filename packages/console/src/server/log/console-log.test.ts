import { describe, expect, it, vi } from 'vitest';
import { createConsoleLog } from './console-log.js';

function capture(level: Parameters<typeof createConsoleLog>[0]) {
  const lines: string[] = [];
  const log = createConsoleLog(level, (message) => lines.push(message));
  log.error('e');
  log.warn('w');
  log.info('i');
  log.debug('d');
  return { log, lines };
}

describe('the console log', () => {
  it('writes warnings and errors only by default', () => {
    const lines: string[] = [];
    const log = createConsoleLog(undefined, (message) => lines.push(message));
    log.info('not shown');
    log.warn('shown');
    expect(log.level).toBe('warn');
    expect(lines).toEqual(['shown']);
  });

  it.each([
    ['error', ['e']],
    ['warn', ['e', 'w']],
    ['info', ['e', 'w', 'i']],
    ['debug', ['e', 'w', 'i', 'd']],
  ] as const)('at %s writes the lines of that level and the more severe ones', (level, expected) => {
    const { log, lines } = capture(level);
    expect(lines).toEqual(expected);
    expect(log.enabled('info')).toBe((expected as readonly string[]).includes('i'));
  });

  it('writes "sightline console: <message>" lines to stderr by default', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      createConsoleLog('error').error('the store is gone');
      expect(write.mock.calls).toEqual([['sightline console: the store is gone\n']]);
    } finally {
      write.mockRestore();
    }
  });
});
