import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { MetricName, MetricPointsQuery, MetricSeries, MetricSeriesQuery, StoredMetricPoint } from '../queries.js';
import type { Attributes, ExemplarRow } from '../rows.js';
import { compareSeries } from '../series-order.js';
import { parseJson } from './json-text.js';
import type { PartitionSet } from './partitions.js';
import { attributeEquals, big, clampLimit, num, numOrNull, Params, rows, text, unionAll } from './sql.js';

/**
 * OTLP metric points and Prometheus scrape samples read as one: a scrape sample's labels play the
 * attributes, its job (or target) the service; Prometheus counters and the `_bucket`, `_count` and
 * `_sum` samples of histograms and summaries are cumulative by definition (a summary's quantiles
 * are not).
 */
/** A scrape sample's service: its job, or its target when the scrape has no job. */
export const SCRAPE_SERVICE = 'coalesce(Job, Target)';

const OTLP_COLUMNS =
  "ServiceName, MetricName, MetricType, coalesce(MetricUnit, '') AS Unit, coalesce(MetricDescription, '') AS Description, Attributes, Timestamp, Value, Count, Sum, Min, Max, Detail, Exemplars, 'otlp' AS Source, nullif(AggregationTemporality, 0) AS Temporality, StartTimestamp, IsMonotonic AS Monotonic";
/** A scraped counter, or a histogram's or summary's `_bucket`, `_count` or `_sum` sample: cumulative, and only ever going up. */
const SCRAPE_COUNTER =
  "MetricType = 'counter' OR (MetricType IN ('histogram', 'summary') AND regexp_matches(MetricName, '_(bucket|count|sum)$'))";
const SCRAPE_COLUMNS = `${SCRAPE_SERVICE} AS ServiceName, MetricName, coalesce(MetricType, 'untyped') AS MetricType, coalesce(MetricUnit, '') AS Unit, coalesce(MetricDescription, '') AS Description, Labels AS Attributes, Timestamp, Value, NULL::UBIGINT AS Count, NULL::DOUBLE AS Sum, NULL::DOUBLE AS Min, NULL::DOUBLE AS Max, NULL::VARCHAR AS Detail, Exemplars, 'scrape' AS Source, CASE WHEN ${SCRAPE_COUNTER} THEN 2 END::UTINYINT AS Temporality, NULL::BIGINT AS StartTimestamp, CASE WHEN ${SCRAPE_COUNTER} THEN true END AS Monotonic`;

function both(partitions: PartitionSet, since: bigint | undefined, until: bigint | undefined, where: (table: string) => string[]): string {
  const targets = partitions.overlapping(since, until);
  if (targets.length === 0) return '';
  return `${unionAll(targets, 'metric_points', OTLP_COLUMNS, where('metric_points'))} UNION ALL ${unionAll(
    targets,
    'scrape_samples',
    SCRAPE_COLUMNS,
    where('scrape_samples'),
  )}`;
}

export async function metricNames(connection: DuckDBConnection, partitions: PartitionSet): Promise<MetricName[]> {
  const source = both(partitions, undefined, undefined, () => []);
  if (source === '') return [];
  const sql = `SELECT MetricName, any_value(MetricType) AS MetricType, max(Unit) AS Unit, max(Description) AS Description, any_value(Source) AS Source
    FROM (${source}) GROUP BY MetricName ORDER BY MetricName`;
  return (await rows(connection, sql, new Params())).map((row) => ({
    name: text(row.MetricName!),
    type: text(row.MetricType!),
    unit: text(row.Unit!),
    description: text(row.Description!),
    source: row.Source === 'scrape' ? 'scrape' : 'otlp',
  }));
}

export function timeFilters(params: Params, since: bigint | undefined, until: bigint | undefined): string[] {
  const where: string[] = [];
  if (since !== undefined) where.push(`Timestamp >= ${params.add(since)}`);
  if (until !== undefined) where.push(`Timestamp <= ${params.add(until)}`);
  return where;
}

export async function metricSeries(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricSeriesQuery,
): Promise<MetricSeries[]> {
  const params = new Params();
  const where = [`MetricName = ${params.add(query.name)}`, ...timeFilters(params, query.since, query.until)];
  const source = both(partitions, query.since, query.until, () => where);
  if (source === '') return [];
  const sql = `SELECT ServiceName, Attributes, count(*) AS Points FROM (${source}) GROUP BY ServiceName, Attributes
    ORDER BY ServiceName, Attributes LIMIT ${params.add(clampLimit(query.limit, 500, 10_000))}`;
  // The page in the order the UI lists series (and maxSeries picks them): a bucket's le as a number.
  return inSeriesOrder(
    (await rows(connection, sql, params)).map((row) => ({
      serviceName: text(row.ServiceName!),
      attributes: parseJson<Attributes>(row.Attributes, {}),
      points: num(row.Points!),
    })),
  );
}

/** Series sorted by compareSeries (the UI's order: service, labels, a bucket's le as a number). */
function inSeriesOrder<S extends { readonly serviceName: string; readonly attributes: Attributes }>(series: S[]): S[] {
  return series.sort((a, b) =>
    compareSeries({ service: a.serviceName, attributes: a.attributes }, { service: b.serviceName, attributes: b.attributes }),
  );
}

/**
 * The first `max` series of `source` in the order the UI lists them (compareSeries: a
 * histogram's buckets by their bound as a number), so "all series" draws the series listed first:
 * in text order a `_bucket` family's first eight began with `le="+Inf"` and put 10 before 2.5.
 */
async function firstSeries(
  connection: DuckDBConnection,
  source: string,
  params: Params,
  max: number,
): Promise<{ serviceName: string; text: string }[]> {
  const found = await rows(connection, `SELECT DISTINCT ServiceName, Attributes FROM (${source})`, params);
  const series = found.map((row) => ({
    serviceName: text(row.ServiceName!),
    // The stored text, which the points query matches on.
    text: text(row.Attributes!),
    attributes: parseJson<Attributes>(row.Attributes, {}),
  }));
  return inSeriesOrder(series).slice(0, max);
}

/** A stored Exemplars column (JSON text, times as decimal strings) as rows. */
export function exemplarsOf(column: DuckDBValue | undefined): ExemplarRow[] {
  return parseJson<(Omit<ExemplarRow, 'timeUnixNano'> & { timeUnixNano: string })[]>(column, []).map((exemplar) => ({
    ...exemplar,
    timeUnixNano: BigInt(exemplar.timeUnixNano),
  }));
}

function toPoint(row: Record<string, DuckDBValue>): StoredMetricPoint {
  const value = numOrNull(row.Value!);
  return {
    serviceName: text(row.ServiceName!),
    name: text(row.MetricName!),
    type: text(row.MetricType!),
    attributes: parseJson(row.Attributes, {}),
    timeUnixNano: big(row.Timestamp!),
    value: value ?? numOrNull(row.Sum!),
    count: numOrNull(row.Count!),
    min: numOrNull(row.Min!),
    max: numOrNull(row.Max!),
    detail: parseJson(row.Detail, null),
    exemplars: exemplarsOf(row.Exemplars),
    source: row.Source === 'scrape' ? 'scrape' : 'otlp',
    temporality: row.Temporality === 1 ? 'delta' : row.Temporality === 2 ? 'cumulative' : null,
    startTimeUnixNano: typeof row.StartTimestamp === 'bigint' && row.StartTimestamp > 0n ? row.StartTimestamp : null,
    monotonic: typeof row.Monotonic === 'boolean' ? row.Monotonic : null,
  };
}

/**
 * Points oldest first; exemplars come back with their trace and span ids. When more match than
 * the limit, the newest are kept: a chart of a window shows its recent end, not its first minutes.
 */
export async function metricPoints(
  connection: DuckDBConnection,
  partitions: PartitionSet,
  query: MetricPointsQuery,
): Promise<StoredMetricPoint[]> {
  const params = new Params();
  const common = [`MetricName = ${params.add(query.name)}`, ...timeFilters(params, query.since, query.until)];
  const attributes = Object.entries(query.attributes ?? {});
  const service = query.service === undefined ? undefined : params.add(query.service);
  const source = both(partitions, query.since, query.until, (table) => {
    const otlp = table === 'metric_points';
    const where = [...common, ...attributes.map(([key, value]) => attributeEquals(otlp ? 'Attributes' : 'Labels', key, value, params))];
    if (service !== undefined) where.push(`${otlp ? 'ServiceName' : SCRAPE_SERVICE} = ${service}`);
    return where;
  });
  if (source === '') return [];
  let matching = `SELECT * FROM (${source})`;
  if (query.maxSeries !== undefined) {
    const chosen = await firstSeries(connection, source, params, clampLimit(query.maxSeries, 8, 10_000));
    if (chosen.length === 0) return [];
    const each = chosen.map((series) => `(ServiceName = ${params.add(series.serviceName)} AND Attributes = ${params.add(series.text)})`);
    matching = `SELECT * FROM (${source}) WHERE ${each.join(' OR ')}`;
  }
  // The API's most (100,000) plus the one it asks for to learn whether the window held more.
  const limit = params.add(clampLimit(query.limit, 1000, 100_001));
  const sql = `SELECT * FROM (${matching} ORDER BY Timestamp DESC LIMIT ${limit}) ORDER BY Timestamp`;
  return (await rows(connection, sql, params)).map(toPoint);
}
