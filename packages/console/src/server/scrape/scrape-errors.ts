/** A scrape body that is not a valid exposition; `line` is 1-based. The whole scrape is rejected, as Prometheus does. */
export class ExpositionParseError extends Error {
  override readonly name = 'ExpositionParseError';
  readonly code = 'SL_SCRAPE_PARSE_ERROR';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** Invalid scraper or health-poller options (a bad target URL, a timeout not below the interval). */
export class ScrapeConfigError extends Error {
  override readonly name = 'ScrapeConfigError';
  readonly code = 'SL_SCRAPE_CONFIG_INVALID';
}
