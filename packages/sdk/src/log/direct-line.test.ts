import { describe, expect, it } from 'vitest';
import type { ObserverOptions } from '../config/index.js';
import { resolveOptions } from '../config/index.js';
import { createLoggerSetup, type LevelGate } from './create-logger.js';
import { jsonMilliseconds, jsonNumber, jsonString } from './direct-line.js';

type LogOptions = NonNullable<ObserverOptions['log']>;

const KEYS = ['request_id', 'path', 'status', 'user_agent', 'aborted'];
const MESSAGES = ['request completed', 'slow request'];

function setup(log: LogOptions = {}, levelGate?: LevelGate) {
  const lines: string[] = [];
  const destinations = log.destinations ?? [{ stream: { write: (line: string) => lines.push(line) } }];
  const resolved = resolveOptions({ log: { sampling: false, ...log, destinations } }, {});
  const logs = createLoggerSetup({ serviceName: 'direct', log: resolved.log, pretty: false, ...(levelGate ? { levelGate } : {}) });
  return { ...logs, lines };
}

/** The line without its time, which pino and the direct writer read from the clock separately. */
const timeless = (line: string | undefined) => line?.replace(/,"time":\d+/, '');

const STRINGS = [
  'plain',
  'with "quotes" and \\backslashes\\',
  'a\ttab and a\nnewline',
  'ünïcödé and emoji 🚀',
  'x'.repeat(150),
  `${'"'.repeat(60)}\u0001`,
  '',
];

describe('jsonString and jsonNumber', () => {
  it.each(STRINGS)('write %j as JSON that reads back as the same string', (value) => {
    expect(JSON.parse(jsonString(value))).toBe(value);
  });

  it('write finite numbers as JSON numbers and the others as null, as pino does', () => {
    expect([1.5, 200, 0, Number.NaN, Number.POSITIVE_INFINITY].map(jsonNumber)).toEqual(['1.5', '200', '0', 'null', 'null']);
  });
});

describe('jsonMilliseconds', () => {
  /** What the access line wrote before: the duration rounded to the microsecond, printed by JavaScript. */
  const printed = (value: number) => jsonNumber(Math.round(value * 1000) / 1000);

  it.each([
    0,
    -0,
    0.0004,
    0.0005,
    0.001,
    0.01,
    0.1,
    0.12,
    1,
    1.5,
    2.0005,
    12.34,
    999.999,
    1000,
    123456.789,
    1e12 - 0.001,
    1e12,
    1e15,
    1e22,
  ])('writes %d as JavaScript prints it rounded to three decimals', (value) => {
    expect(jsonMilliseconds(value)).toBe(printed(value));
  });

  it('writes the same bytes as before for a million random durations, from microseconds to days', () => {
    const mismatches: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const value = Math.random() * 10 ** (i % 9);
      if (jsonMilliseconds(value) !== printed(value)) mismatches.push(value);
    }
    expect(mismatches).toEqual([]);
  });

  it('writes null for what is not a number, and a negative value as JavaScript prints it', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(jsonMilliseconds)).toEqual(['null', 'null', 'null']);
    expect(jsonMilliseconds(-1.2345)).toBe('-1.234');
  });
});

describe('directAccessLines', () => {
  it.each(STRINGS)('writes the bytes pino writes for the same fields (string %j)', (value) => {
    const { accessLogger, directAccessLines, lines } = setup();
    const direct = directAccessLines(KEYS, MESSAGES);
    expect(direct).toBeDefined();

    accessLogger.warn({ request_id: 'r-1', path: value, status: 200, user_agent: value, aborted: true }, 'slow request');
    const members = `,"request_id":"r-1","path":${jsonString(value)},"status":200,"user_agent":${jsonString(value)},"aborted":true`;
    expect(direct?.write(40, members, 'slow request')).toBe(true);

    expect(lines).toHaveLength(2);
    expect(timeless(lines[1])).toBe(timeless(lines[0]));
    expect(lines[1]).toMatch(/^\{"level":40,"time":\d+,"pid":\d+,"hostname":/);
  });

  it('writes to a file destination too, through its LineWriter', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = await mkdtemp(join(tmpdir(), 'direct-line-'));
    try {
      const path = join(folder, 'app.log');
      const { directAccessLines, output } = setup({ destinations: [{ path }] });
      expect(directAccessLines(KEYS, MESSAGES)?.write(30, ',"request_id":"r-2"', 'request completed')).toBe(true);
      await output.close();
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ level: 30, request_id: 'r-2', msg: 'request completed' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it.each<[string, LogOptions]>([
    ['a key of the line is a redaction key', { redact: { keys: ['user_agent'] } }],
    ['a key of the line is a redaction path', { redact: { paths: ['path'] } }],
    ['a wildcard path covers every key', { redact: { paths: ['*'] } }],
  ])('is not offered when %s: such lines keep going through pino and its censor', (_case, log) => {
    expect(setup(log).directAccessLines(KEYS, MESSAGES)).toBeUndefined();
  });

  it('is offered when the redaction keys and paths miss the keys of the line', () => {
    expect(setup({ redact: { keys: ['card_number'], paths: ['body.secret'] } }).directAccessLines(KEYS, MESSAGES)).toBeDefined();
  });

  it('is not offered for a destination that wants each line as an object (several destinations: pino multistream)', () => {
    const sink = { write: () => {} };
    expect(setup({ destinations: [{ stream: sink }, { stream: sink }] }).directAccessLines(KEYS, MESSAGES)).toBeUndefined();
  });

  it('declines a line below the floor of a scoped debug toggle, so the gate decides through pino', () => {
    const gate = { floor: 40, allows: () => true };
    const direct = setup({ level: 'debug' }, gate).directAccessLines(KEYS, MESSAGES);
    expect(direct?.write(30, ',"request_id":"r-3"', 'request completed')).toBe(false);
    expect(direct?.write(40, ',"request_id":"r-3"', 'slow request')).toBe(true);
  });
});
