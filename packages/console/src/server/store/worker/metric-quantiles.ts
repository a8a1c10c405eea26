import type { DuckDBConnection } from '@duckdb/node-api';
import { type BucketIncrease, quantileLines } from '../histogram-quantile.js';
import type { MetricQuantiles, MetricQuantilesQuery } from '../queries.js';
import type { ExemplarRow } from '../rows.js';
import { exemplarsOf, SCRAPE_SERVICE, timeFilters } from './metric-queries.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, num, Params, rows, unionAll } from './sql.js';

/** Exemplars one answer carries at most (after those every scrape repeats are merged). */
const MAX_EXEMPLARS = 2_000;

/** A bucket's upper bound from its `le` label: `+Inf` is infinity, a label that is no number is left out. */
const LE = `CASE WHEN json_extract_string(Labels, '$.le') IN ('+Inf', 'Inf', '+inf', 'inf') THEN 'infinity'::DOUBLE
  ELSE TRY_CAST(json_extract_string(Labels, '$.le') AS DOUBLE) END`;

/** The scraped samples of the query's `_bucket` series (every `le`), with their own placeholders. */
function bucketSamples(
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
  columns: string,
): { sql: string; params: Params } | undefined {
  const targets = partitions.overlapping(query.since, query.until);
  if (targets.length === 0) return undefined;
  const params = new Params();
  const where = [`MetricName = ${params.add(query.name)}`, ...timeFilters(params, query.since, query.until)];
  for (const [key, value] of Object.entries(query.attributes ?? {})) {
    if (key !== 'le') where.push(attributeEquals('Labels', key, value, params));
  }
  if (query.service !== undefined) where.push(`${SCRAPE_SERVICE} = ${params.add(query.service)}`);
  return { sql: unionAll(targets, 'scrape_samples', columns, where), params };
}

/**
 * Quantiles of a scraped Prometheus histogram per step, as PromQL's
 * `histogram_quantile(q, sum by (le) (increase(<name>_bucket[step])))`: each bucket series (one
 * per label set and `le`) is a cumulative counter; its increase between two scrapes (after a
 * reset, its value: counted from zero) is summed per `le` over every selected label set in steps
 * of the median gap between a series' scrapes (at least 1 s), then interpolated
 * (histogram-quantile.ts). SQL does the sums, so the answer's size does not grow with the window's
 * samples. Exemplars come once each, however many scrapes repeated them.
 */
export async function metricQuantiles(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricQuantilesQuery,
): Promise<MetricQuantiles> {
  const samples = bucketSamples(partitions, query, `Timestamp, ${SCRAPE_SERVICE} AS Service, Labels, Value`);
  if (samples === undefined) return { stepMs: 0, times: [], lines: query.quantiles.map(() => []), exemplars: [] };
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
    exemplars: await exemplars(connection, partitions, query),
  };
}

async function exemplars(connection: DuckDBConnection, partitions: PartitionSet, query: MetricQuantilesQuery): Promise<ExemplarRow[]> {
  const samples = bucketSamples(partitions, query, 'Timestamp, Exemplars');
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
