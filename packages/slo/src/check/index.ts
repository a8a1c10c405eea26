export { type AvailableMetrics, checkAgainst, metricNamesIn, readExposition } from './metric-names.js';
