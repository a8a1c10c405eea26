import type { SloSpec } from '@sightline/slo';
import type { FastifyInstance } from 'fastify';
import { budgetSeries, evaluateSlo, type SloStatus, trackedSlos } from '../slo/index.js';
import type { Store } from '../store/index.js';
import { queriesFor } from './client-gone.js';
import { noQuery } from './schemas.js';
import { ApiRequestError, parseQuery } from './validate.js';

/**
 * `/api/slos`: the SLOs of the console's spec files (`--slo`), computed from stored server spans
 * (availability: non-5xx answers; latency: requests under the threshold) over the SLO window.
 */
export function registerSloRoutes(app: FastifyInstance, store: Store, specs: readonly SloSpec[]): void {
  const tracked = trackedSlos(specs);
  const untracked = specs.flatMap((spec) =>
    spec.slos
      .filter((slo) => !tracked.some((entry) => entry.slo === slo))
      .map((slo) => ({
        id: slo.id,
        service: spec.service,
        name: slo.name,
        reason: `a ${slo.sli.kind} SLI is PromQL: Prometheus computes it from the rules \`sightline slo generate\` writes`,
      })),
  );

  app.get('/api/slos', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const queries = queriesFor(store, reply);
    const statuses = await Promise.all(tracked.map(async (entry) => (await evaluateSlo(queries, entry, nowNs)).status));
    return { slos: statuses.sort(byBudgetRemaining), untracked };
  });

  app.get<{ Params: { id: string } }>('/api/slos/:id', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const entry = tracked.find(({ slo }) => slo.id === request.params.id);
    if (entry === undefined) throw new ApiRequestError(404, 'not_found', `no SLO ${request.params.id} is tracked by this console`);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const { buckets, status } = await evaluateSlo(queriesFor(store, reply), entry, nowNs);
    return { ...status, budget: budgetSeries(entry.slo, buckets, nowNs) };
  });
}

/** Least budget left first; SLOs without requests last. */
function byBudgetRemaining(a: SloStatus, b: SloStatus): number {
  if (a.budgetRemaining === null) return b.budgetRemaining === null ? a.id.localeCompare(b.id) : 1;
  if (b.budgetRemaining === null) return -1;
  return a.budgetRemaining - b.budgetRemaining;
}
