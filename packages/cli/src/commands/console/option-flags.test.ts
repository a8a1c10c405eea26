import { describe, expect, it } from 'vitest';
import { processIo } from '../../io.js';
import { consoleCommand } from './index.js';
import { flagNamer } from './option-flags.js';

describe("the console options' flags", () => {
  const flagOf = flagNamer(consoleCommand(processIo()));

  it('are the flags of sightline console that set them', () => {
    expect(flagOf('retention')).toBe('--retention');
    expect(flagOf('maxSize')).toBe('--max-size');
    expect(flagOf('memoryLimit')).toBe('--memory-limit');
    expect(flagOf('otlpPort')).toBe('--otlp-port');
    expect(flagOf('logLevel')).toBe('--log-level');
    expect(flagOf('ingestKey')).toBe('--ingest-key');
  });

  it('name a list item by its repeatable flag, and the options the command spells otherwise by their own flags', () => {
    expect(flagOf('scrape.1')).toBe('--scrape');
    expect(flagOf('slo')).toBe('--slo');
    expect(flagOf('corsOrigins.0')).toBe('--cors-origin');
    expect(flagOf('maxBodyBytes')).toBe('--max-body-size');
  });
});
