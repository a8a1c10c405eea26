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

describe('where the console keeps its data', () => {
  const messageOf = (attempt: () => unknown): string => {
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(ConsoleConfigError);
      return (error as Error).message;
    }
    throw new Error('no ConsoleConfigError');
  };

  it('refuses a database file together with memory: true instead of ignoring the file', () => {
    expect(messageOf(() => resolveConsoleOptions({ memory: true, db: '/tmp/console.duckdb' }))).toBe(
      'Invalid console options: give a database file (db) or memory: true, not both (memory mode writes no file)',
    );
  });

  it('refuses maxSize in memory mode, where no file is capped', () => {
    expect(messageOf(() => resolveConsoleOptions({ memory: true, maxSize: '-1' }))).toContain('maxSize caps the database files on disk');
    expect(resolveConsoleOptions({ memory: true }).maxSize).toBeUndefined();
  });

  it('caps a database file at 2GiB unless told otherwise, and takes any size of at least 8MiB', () => {
    expect(resolveConsoleOptions({ db: 'console.duckdb' }).maxSize).toBe('2GiB');
    expect(resolveConsoleOptions({ db: 'console.duckdb', maxSize: '8MiB' }).maxSize).toBe('8MiB');
    expect(resolveConsoleOptions({ db: 'console.duckdb', maxSize: 8 * 2 ** 20 }).maxSize).toBe(8 * 2 ** 20);
  });

  it.each(['lots', '-1', '0', ''])('refuses maxSize %j, which is no size', (maxSize) => {
    expect(messageOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize }))).toBe(
      `Invalid console options:\n  - maxSize: expected a size like 2GB, 512MiB or a number of bytes, got ${JSON.stringify(maxSize)}`,
    );
  });

  it('refuses a maxSize below 8MiB, which retention could not keep to, saying why', () => {
    const message = messageOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: '1KB' }));
    expect(message).toBe(
      'Invalid console options:\n  - maxSize: at least 8MiB (the newest partition is never dropped and grows to an eighth of the cap, at least 1 MiB, so a smaller cap cannot hold), got "1KB"',
    );
    expect(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: 8 * 2 ** 20 - 1 })).toThrow(/at least 8MiB/);
  });
});

describe('the store options the console passes on', () => {
  const errorOf = (attempt: () => unknown): ConsoleConfigError => {
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(ConsoleConfigError);
      return error as ConsoleConfigError;
    }
    throw new Error('no ConsoleConfigError');
  };

  it("default to the store's own retention, memory limit and size cap", () => {
    const resolved = resolveConsoleOptions({ db: 'console.duckdb' });
    expect(resolved.store).toEqual({ path: 'console.duckdb', retention: '7d', maxSize: '2GiB', memoryLimit: '512MB' });
    expect(resolveConsoleOptions({ memory: true }).store).toEqual({ memory: true, retention: '7d', memoryLimit: '512MB' });
  });

  it("are checked by the store's rules before anything is opened, a bad retention or memory limit refused by name", () => {
    const retention = errorOf(() => resolveConsoleOptions({ db: 'console.duckdb', retention: 'forever' }));
    expect(retention.message).toBe(
      'Invalid console options:\n  - retention: expected a duration like 7d, 12h, 30m or milliseconds, got "forever"',
    );
    expect(retention.issues).toEqual([
      { option: 'retention', problem: 'expected a duration like 7d, 12h, 30m or milliseconds, got "forever"' },
    ]);
    const memoryLimit = errorOf(() => resolveConsoleOptions({ memory: true, memoryLimit: '16MB' }));
    expect(memoryLimit.issues).toEqual([
      { option: 'memoryLimit', problem: 'at least 64MiB (DuckDB needs it for ingest and queries), got "16MB"' },
    ]);
  });

  it('name every option at fault at once: the size cap, the retention and the memory limit', () => {
    const refused = errorOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: '2QB', retention: '5x', memoryLimit: '16MB' }));
    expect(refused.issues).toEqual([
      { option: 'maxSize', problem: 'expected a size like 2GB, 512MiB or a number of bytes, got "2QB"' },
      { option: 'retention', problem: 'expected a duration like 7d, 12h, 30m or milliseconds, got "5x"' },
      { option: 'memoryLimit', problem: 'at least 64MiB (DuckDB needs it for ingest and queries), got "16MB"' },
    ]);
    expect(
      errorOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: '1KB', retention: 'forever' })).issues.map((i) => i.option),
    ).toEqual(['maxSize', 'retention']);
  });

  it('name the option apart from the problem, in every refusal of one option', () => {
    expect(errorOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: '1KB' })).issues).toEqual([
      expect.objectContaining({ option: 'maxSize', problem: expect.stringMatching(/^at least 8MiB .* got "1KB"$/) }),
    ]);
    expect(errorOf(() => resolveConsoleOptions({ db: 'console.duckdb', maxSize: 'lots' })).issues).toEqual([
      { option: 'maxSize', problem: 'expected a size like 2GB, 512MiB or a number of bytes, got "lots"' },
    ]);
    expect(errorOf(() => resolveConsoleOptions({ memory: true, logLevel: 'loud' as 'info' })).issues).toEqual([
      { option: 'logLevel', problem: 'one of error, warn, info, debug (got "loud")' },
    ]);
    expect(errorOf(() => resolveConsoleOptions({ memory: true, db: 'x.duckdb' })).issues).toEqual([]);
  });
});

describe('scrape targets', () => {
  it.each(['ftp://x/metrics', 'file:///etc/passwd', 'localhost:9100/metrics'])('refuses %s: only http(s) URLs are scraped', (url) => {
    expect(() => resolveConsoleOptions({ memory: true, scrape: ['http://127.0.0.1:9100/metrics', url] })).toThrow(
      `Invalid console options:\n  - scrape.1: an http:// or https:// URL (got ${JSON.stringify(url)})`,
    );
  });

  it('takes http and https URLs', () => {
    const urls = ['http://127.0.0.1:9100/metrics', 'https://app.example/metrics'];
    expect(resolveConsoleOptions({ memory: true, scrape: urls }).scrape).toEqual(urls);
  });
});
