export { BoundHistogramMetric, HistogramSeries } from './bound-histogram.js';
export { BusinessMetrics, type HistogramDeclaration, type MetricDeclaration } from './business.js';
export { createMetricsSetup, type MetricsSetup } from './create-metrics.js';
export {
  type ExpositionFormat,
  negotiateFormat,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  renderMetrics,
} from './exposition.js';
export { HttpServerMetrics, RouteSeries } from './http-metrics.js';
export { validateLabelNames, validateMetricName } from './names.js';
export { OVERFLOW_VALUE, SeriesGuard } from './series-guard.js';
