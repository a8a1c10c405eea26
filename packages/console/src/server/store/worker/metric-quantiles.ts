import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type BucketIncrease,
  type ExponentialDetail,
  exponentialAsExplicit,
  type HistogramPoint,
  histogramIncreases,
  medianGapMs,
  quantileLines,
} from '../histogram-quantile.js';
import type { MetricQuantiles, MetricQuantilesQuery } from '../queries.js';
import type { ExemplarRow } from '../rows.js';
import { parseJson } from './json-text.js';
import { exemplarsOf, SCRAPE_SERVICE, timeFilters } from './metric-queries.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, num, numOrNull, Params, rows, text, unionAll } from './sql.js';

/** Exemplars one answer carries at most (after those every scrape repeats are merged). */
const MAX_EXEMPLARS = 2_000;
/** OTLP histogram points one answer reads at most (the window's newest). */
const MAX_OTLP_POINTS = 200_000;

/** A bucket's upper bound from its `le` label: `+Inf` is infinity, a label that is no number is left out. */
const LE = `CASE WHEN json_extract_string(Labels, '$.le') IN ('+Inf', 'Inf', '+inf', 'inf') THEN 'infinity'::DOUBLE
  ELSE TRY_CAST(json_extract_string(Labels, '$.le') AS DOUBLE) END`;

/** Where a histogram's rows are: a scraped `_bucket` family's samples, or an OTLP metric's histogram points. */
interface HistogramSource {
  readonly table: 'scrape_samples' | 'metric_points';
  readonly attributes: string;
  readonly service: string;
}
const SCRAPED: HistogramSource = { table: 'scrape_samples', attributes: 'Labels', service: SCRAPE_SERVICE };
const OTLP: HistogramSource = { table: 'metric_points', attributes: 'Attributes', service: 'ServiceName' };

/** The query's rows of a histogram (for a scraped one every `le`), with their own placeholders. */
function histogramRows(
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
  source: HistogramSource,
  columns: string,
): { sql: string; params: Params } | undefined {
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return undefined;
  const params = new Params();
  const where = [`MetricName = ${params.add(query.name)}`, ...timeFilters(params, query.since, query.until)];
  if (source === OTLP) where.push(`MetricType IN ('histogram', 'exponentialHistogram')`);
  for (const [key, value] of Object.entries(query.attributes ?? {})) {
    if (source === OTLP || key !== 'le') where.push(attributeEquals(source.attributes, key, value, params));
  }
  if (query.service !== undefined) where.push(`${source.service} = ${params.add(query.service)}`);
  return { sql: unionAll(targets, source.table, columns, where), params };
}

/**
 * Quantiles of a histogram per step: a scraped Prometheus family's `_bucket` samples (the name
 * ends in `_bucket`), or else an OTLP histogram's points (explicit or exponential buckets).
 */
export function metricQuantiles(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
): Promise<MetricQuantiles> {
  return query.name.endsWith('_bucket') ? scrapedQuantiles(connection, partitions, query) : otlpQuantiles(connection, partitions, query);
}

const nothing = (query: MetricQuantilesQuery): MetricQuantiles => ({
  stepMs: 0,
  times: [],
  lines: query.quantiles.map(() => []),
  exemplars: [],
});

/**
 * Quantiles of a scraped Prometheus histogram per step, as PromQL's
 * `histogram_quantile(q, sum by (le) (increase(<name>_bucket[step])))`: each bucket series (one
 * per label set and `le`) is a cumulative counter; its increase between two scrapes (after a
 * reset, its value: counted from zero) is summed per `le` over every selected label set in steps
 * of the median gap between a series' scrapes (at least 1 s), then interpolated
 * (histogram-quantile.ts). SQL does the sums, so the answer's size does not grow with the window's
 * samples. Exemplars come once each, however many scrapes repeated them.
 */
async function scrapedQuantiles(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
): Promise<MetricQuantiles> {
  const samples = histogramRows(partitions, query, SCRAPED, `Timestamp, ${SCRAPE_SERVICE} AS Service, Labels, Value`);
  if (samples === undefined) return nothing(query);
  const sql = `WITH b AS (SELECT Timestamp, Service, Labels, Value, ${LE} AS Le FROM (${samples.sql})),
    d AS (SELECT Timestamp, Le, Value, Timestamp - lag(Timestamp) OVER w AS Gap, Value - lag(Value) OVER w AS Delta
      FROM b WHERE Le IS NOT NULL WINDOW w AS (PARTITION BY Service, Labels ORDER BY Timestamp)),
    s AS (SELECT greatest(1000000000, quantile_disc(Gap, 0.5)) AS Step FROM d WHERE Gap > 0)
    SELECT ceil(d.Timestamp::DOUBLE / s.Step) * s.Step / 1e6 AS TimeMs, s.Step / 1e6 AS StepMs, d.Le AS Le,
      sum(CASE WHEN d.Delta >= 0 THEN d.Delta ELSE d.Value END) AS Increase
    FROM d, s WHERE d.Delta IS NOT NULL AND s.Step IS NOT NULL
    GROUP BY ALL ORDER BY TimeMs, Le`;
  const found = await rows(connection, sql, samples.params);
  const increases: BucketIncrease[] = found.map((row) => ({ timeMs: num(row.TimeMs!), le: num(row.Le!), increase: num(row.Increase!) }));
  const { times, lines } = quantileLines(increases, query.quantiles);
  return {
    stepMs: found.length === 0 ? 0 : num(found[0]!.StepMs!),
    times,
    lines,
    exemplars: await exemplars(connection, partitions, query, SCRAPED),
  };
}

/**
 * Quantiles of an OTLP histogram per step (explicit buckets, or exponential ones read as explicit:
 * histogram-quantile.ts): the points (the window's newest
 * MAX_OTLP_POINTS) become bucket increases per series, summed per bound in steps of the median
 * gap between a series' points (histogram-quantile.ts: a delta point is its own increase, a
 * cumulative one the difference from the series' previous point), then interpolated as for a
 * scraped histogram.
 */
async function otlpQuantiles(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
): Promise<MetricQuantiles> {
  const selection = histogramRows(
    partitions,
    query,
    OTLP,
    'Timestamp, StartTimestamp, ServiceName, Attributes, MetricType, AggregationTemporality, Detail',
  );
  if (selection === undefined) return nothing(query);
  const sql = `SELECT * FROM (SELECT * FROM (${selection.sql}) ORDER BY Timestamp DESC LIMIT ${selection.params.add(MAX_OTLP_POINTS)})
    ORDER BY ServiceName, Attributes, Timestamp`;
  const points: HistogramPoint[] = [];
  for (const row of await rows(connection, sql, selection.params)) {
    const start = numOrNull(row.StartTimestamp ?? null);
    points.push({
      series: `${text(row.ServiceName!)}\u0000${text(row.Attributes!)}`,
      timeMs: num(row.Timestamp!) / 1e6,
      startMs: start === null || start === 0 ? null : start / 1e6,
      temporality: num(row.AggregationTemporality ?? null),
      ...bucketsOf(text(row.MetricType!), row.Detail),
    });
  }
  const stepMs = medianGapMs(points) || (points.some((point) => point.temporality === 1) ? 1_000 : 0);
  const found = await exemplars(connection, partitions, query, OTLP);
  if (stepMs === 0) return { ...nothing(query), exemplars: found };
  const { times, lines } = quantileLines(histogramIncreases(points, stepMs), query.quantiles);
  return { stepMs, times, lines, exemplars: found };
}

/** A stored point's buckets as explicit ones (an exponential histogram's converted); none when unreadable. */
function bucketsOf(type: string, detailText: unknown): { bounds: number[]; counts: number[] } {
  if (type === 'exponentialHistogram') {
    const detail = parseJson<Partial<ExponentialDetail>>(detailText, {});
    if (typeof detail.scale !== 'number' || detail.positive === undefined || detail.negative === undefined)
      return { bounds: [], counts: [] };
    return exponentialAsExplicit({
      scale: detail.scale,
      zeroCount: Number(detail.zeroCount ?? 0),
      ...(detail.zeroThreshold === undefined ? {} : { zeroThreshold: Number(detail.zeroThreshold) }),
      positive: { offset: Number(detail.positive.offset), bucketCounts: detail.positive.bucketCounts.map(Number) },
      negative: { offset: Number(detail.negative.offset), bucketCounts: detail.negative.bucketCounts.map(Number) },
    });
  }
  const detail = parseJson<{ bucketCounts?: unknown[]; explicitBounds?: unknown[] }>(detailText, {});
  return { bounds: (detail.explicitBounds ?? []).map(Number), counts: (detail.bucketCounts ?? []).map(Number) };
}

async function exemplars(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
  source: HistogramSource,
): Promise<ExemplarRow[]> {
  const samples = histogramRows(partitions, query, source, 'Timestamp, Exemplars');
  if (samples === undefined) return [];
  const sql = `SELECT Exemplars FROM (${samples.sql}) WHERE Exemplars IS NOT NULL
    GROUP BY Exemplars ORDER BY min(Timestamp) LIMIT ${samples.params.add(MAX_EXEMPLARS)}`;
  const unique = new Map<string, ExemplarRow>();
  for (const row of await rows(connection, sql, samples.params)) {
    for (const exemplar of exemplarsOf(row.Exemplars)) {
      // A target that gives its exemplars no time has each copy stamped with its scrape: the first is kept.
      const key = `${exemplar.traceId}:${exemplar.spanId}:${exemplar.value}`;
      if (!unique.has(key)) unique.set(key, exemplar);
    }
  }
  return [...unique.values()];
}
