export { type Exposition, type ExpositionFormat, type ParsedFamily, type ParsedSample, parseExposition } from './exposition-parser.js';
export { createHealthPoller, type HealthPoller, type HealthPollerOptions, type ServiceHealth } from './health-poller.js';
export type { HealthStatus } from './health-report.js';
export { ExpositionParseError, ScrapeConfigError } from './scrape-errors.js';
export { DEFAULT_SCRAPE_INTERVAL_MS, type ResolvedTarget, resolvePollOptions, scrapeUrl } from './scrape-options.js';
export { createScraper, SCRAPE_ACCEPT, type Scraper, type ScraperOptions, type TargetStatus } from './scraper.js';
