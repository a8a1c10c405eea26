import { describe, expect, it } from 'vitest';
import { StoreConfigError } from './errors.js';
import { parseDuration, parseSize, resolveOptions } from './options.js';

describe('store options', () => {
  it('parses sizes in decimal and binary units', () => {
    expect(parseSize('2GB', 'maxSize')).toBe(2e9);
    expect(parseSize('64MiB', 'maxSize')).toBe(64 * 2 ** 20);
    expect(parseSize('512 kb', 'maxSize')).toBe(512e3);
    expect(parseSize(1234, 'maxSize')).toBe(1234);
  });

  it('parses durations from ms to weeks', () => {
    expect(parseDuration('7d', 'retention')).toBe(7 * 86_400_000);
    expect(parseDuration('12h', 'retention')).toBe(12 * 3_600_000);
    expect(parseDuration('250ms', 'retention')).toBe(250);
    expect(parseDuration(1000, 'retention')).toBe(1000);
  });

  it('names the option and the expected form when a value is wrong', () => {
    expect(() => parseSize('lots', 'maxSize')).toThrow(/maxSize: expected a size like 2GB/);
    expect(() => parseDuration('7 days', 'retention')).toThrow(StoreConfigError);
    expect(() => resolveOptions({})).toThrow(/either `path` or `memory: true`/);
    expect(() => resolveOptions({ path: '/tmp/x.duckdb', memory: true })).toThrow(StoreConfigError);
    expect(() => resolveOptions({ path: '/tmp/x.duckdb', commitIntervalMs: -1 })).toThrow(/commitIntervalMs/);
  });

  it('names every option with a unit that is wrong, not only the first', () => {
    let refused: unknown;
    try {
      resolveOptions({ path: '/tmp/x.duckdb', retention: 'always', maxSize: 'big', memoryLimit: 'lots', partitionMaxAge: '1 day' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StoreConfigError);
    expect((refused as StoreConfigError).issues.map((issue) => issue.option)).toEqual([
      'retention',
      'maxSize',
      'memoryLimit',
      'partitionMaxAge',
    ]);
    expect((refused as StoreConfigError).message).toMatch(/^store options:\n {2}- retention: expected a duration/);
    expect(() => resolveOptions({ path: '/tmp/x.duckdb', retention: 'always' })).toThrow('store option retention: expected a duration');
  });

  it('derives partitions of an eighth of the cap and a WAL checkpoint of a quarter partition', () => {
    const { worker } = resolveOptions({ path: '/tmp/x.duckdb', maxSize: '64MiB', retention: '8d' });
    expect(worker.partitionMaxBytes).toBe(8 * 2 ** 20);
    expect(worker.walAutocheckpointBytes).toBe(2 * 2 ** 20);
    expect(worker.partitionMaxAgeMs).toBe(86_400_000);
    expect(resolveOptions({ path: '/tmp/x.duckdb' }).worker.walAutocheckpointBytes).toBe(64 * 2 ** 20);
    // Large caps get more partitions, not bigger ones.
    expect(resolveOptions({ path: '/tmp/x.duckdb', maxSize: '8GB' }).worker.partitionMaxBytes).toBe(256 * 2 ** 20);
  });

  it('takes the memory limit as a size, refusing one too small or malformed by name', () => {
    expect(resolveOptions({ path: '/tmp/x.duckdb' }).worker.memoryLimitBytes).toBe(512e6);
    expect(resolveOptions({ memory: true, memoryLimit: '1GiB' }).worker.memoryLimitBytes).toBe(2 ** 30);
    expect(resolveOptions({ memory: true, memoryLimit: 128 * 2 ** 20 }).worker.memoryLimitBytes).toBe(128 * 2 ** 20);
    expect(() => resolveOptions({ memory: true, memoryLimit: '32MB' })).toThrow(/memoryLimit: at least 64MiB/);
    expect(() => resolveOptions({ memory: true, memoryLimit: 'plenty' })).toThrow(/memoryLimit: expected a size/);
    expect(resolveOptions({ memory: true }).worker.memoryTrimIntervalMs).toBe(5000);
    expect(() => resolveOptions({ memory: true, memoryTrimIntervalMs: -5 })).toThrow(/memoryTrimIntervalMs/);
  });
});
