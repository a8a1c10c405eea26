import { optionalId, optionalIdProblem, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
import type { Exemplar, ExponentialHistogramDataPoint, HistogramDataPoint, SummaryDataPoint } from './types.js';

// Why a decoded data point must be rejected, or undefined when it is valid. Shared by the
// protobuf and JSON decoders. Exemplar ids are normalised in place (empty or all zero: undefined).

export function exemplarsProblem(exemplars: readonly Exemplar[]): string | undefined {
  for (let i = 0; i < exemplars.length; i++) {
    const exemplar = exemplars[i] as { traceId: string | undefined; spanId: string | undefined };
    const problem =
      optionalIdProblem('traceId', exemplar.traceId ?? '', TRACE_ID_BYTES) ??
      optionalIdProblem('spanId', exemplar.spanId ?? '', SPAN_ID_BYTES);
    if (problem !== undefined) return `exemplars[${i}].${problem}`;
    exemplar.traceId = optionalId(exemplar.traceId ?? '');
    exemplar.spanId = optionalId(exemplar.spanId ?? '');
  }
  return undefined;
}

/** Counts are uint64 on the wire and numbers here: one past 2^53 would be rounded, so the point is rejected instead. */
function countsProblem(name: string, counts: readonly number[]): string | undefined {
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isSafeInteger(counts[i])) return `${name}[${i}] is above 2^53`;
  }
  return undefined;
}

function countProblem(name: string, count: number): string | undefined {
  return Number.isSafeInteger(count) ? undefined : `${name} is above 2^53`;
}

export function histogramPointProblem(point: HistogramDataPoint): string | undefined {
  const buckets = point.bucketCounts.length;
  if (buckets !== 0 && buckets !== point.explicitBounds.length + 1) {
    return `bucketCounts has ${buckets} entries for ${point.explicitBounds.length} explicitBounds; it needs one more than the bounds`;
  }
  return countProblem('count', point.count) ?? countsProblem('bucketCounts', point.bucketCounts) ?? exemplarsProblem(point.exemplars);
}

export function exponentialPointProblem(point: ExponentialHistogramDataPoint): string | undefined {
  return (
    countProblem('count', point.count) ??
    countProblem('zeroCount', point.zeroCount) ??
    countsProblem('positive.bucketCounts', point.positive.bucketCounts) ??
    countsProblem('negative.bucketCounts', point.negative.bucketCounts) ??
    exemplarsProblem(point.exemplars)
  );
}

export function summaryPointProblem(point: SummaryDataPoint): string | undefined {
  return countProblem('count', point.count);
}
