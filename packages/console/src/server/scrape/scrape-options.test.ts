import { describe, expect, it } from 'vitest';
import { ScrapeConfigError } from './scrape-errors.js';
import { resolvePollOptions } from './scrape-options.js';

describe('the scrape options', () => {
  it.each([
    ['ftp://x/metrics', 'targets.0: an http:// or https:// URL (got "ftp://x/metrics")'],
    [{ url: 'ftp://x/metrics', job: 'x' }, 'targets.0.url: an http:// or https:// URL (got "ftp://x/metrics")'],
    [42, 'targets.0: an http:// or https:// URL, or { url, job } (got 42)'],
  ])('refuses the target %j, saying what a target is', (target, line) => {
    const attempt = () => resolvePollOptions({ targets: [target as string] }, 'scraper');
    expect(attempt).toThrow(ScrapeConfigError);
    expect(attempt).toThrow(`Invalid scraper options:\n  - ${line}`);
  });

  it("names a target by its host and the scheme's port unless given a job", () => {
    const { targets } = resolvePollOptions(
      { targets: ['https://app.example/metrics', { url: 'http://127.0.0.1:9/m', job: 'jobs' }] },
      'scraper',
    );
    expect(targets.map((target) => target.job)).toEqual(['app.example:443', 'jobs']);
  });
});
