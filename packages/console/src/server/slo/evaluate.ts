import type { Slo, SloSpec } from '@sightline/slo';
import type { SloBucket, SloCountsQuery, StoreQueries } from '../store/index.js';
import { BUCKET_NS, type SloStatus, sloStatus } from './slo-status.js';

/** An SLO the console computes from stored spans (trackedSlos), with its spec. */
export interface TrackedSlo {
  readonly spec: SloSpec;
  readonly slo: Slo;
}

/** The store query for an SLO's good and bad requests per bucket over its window ending at `nowNs`. */
export function sloCountsQuery({ spec, slo }: TrackedSlo, nowNs: bigint): SloCountsQuery {
  const { sli } = slo;
  const scoped = sli.kind === 'availability' || sli.kind === 'latency';
  return {
    service: spec.service,
    routes: [...(scoped ? sli.routes : [])],
    methods: [...(scoped ? sli.methods : [])],
    ...(sli.kind === 'latency' ? { thresholdNs: BigInt(Math.round(sli.threshold * 1e9)) } : {}),
    since: nowNs - BigInt(slo.window.seconds) * 1_000_000_000n,
    until: nowNs + 1n,
    bucketNs: BUCKET_NS,
  };
}

/** An SLO's counts and its status at `nowNs`. */
export async function evaluateSlo(
  queries: StoreQueries,
  entry: TrackedSlo,
  nowNs: bigint,
): Promise<{ buckets: SloBucket[]; status: SloStatus }> {
  const buckets = await queries.sloCounts(sloCountsQuery(entry, nowNs));
  return { buckets, status: sloStatus(entry.spec, entry.slo, buckets, nowNs) };
}
