import { describe, expect, it } from 'vitest';
import { ConsoleConfigError, resolveConsoleOptions } from './console-options.js';

describe('the console options', () => {
  it('log at level warn unless told otherwise', () => {
    expect(resolveConsoleOptions({ memory: true }).logLevel).toBe('warn');
    expect(resolveConsoleOptions({ memory: true, logLevel: 'debug' }).logLevel).toBe('debug');
  });

  it('refuse a log level that is not one of error, warn, info, debug, naming the option', () => {
    const attempt = () => resolveConsoleOptions({ memory: true, logLevel: 'verbose' as 'info' });
    expect(attempt).toThrow(ConsoleConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConsoleConfigError).code).toBe('SL_CONSOLE_CONFIG_INVALID');
      expect((error as Error).message).toBe('Invalid console options:\n  - logLevel: one of error, warn, info, debug (got "verbose")');
    }
  });
});
