import type { SloSpec } from '@sightline/slo';
import { apiUrl, type ConsoleTarget, getJson } from '../../console-api/index.js';
import { type SloStatus, sloStatus } from './slo-status.js';

/** The part of `GET /api/slos` this reads. */
interface SlosAnswer {
  slos: {
    id: string;
    budgetRemaining: number | null;
    burnRates: { window: string; errorRatio: number | null }[];
    conditions: { long: string; burning: boolean; firing: boolean }[];
    alert: 'page' | 'ticket' | null;
  }[];
  untracked: { id: string; reason: string }[];
}

/**
 * The long window of the first condition that burns yet does not fire: the console fires only
 * once its stored data covers the long window.
 */
function waitingForData(slo: SlosAnswer['slos'][number]): string | undefined {
  return slo.conditions.find((condition) => condition.burning && !condition.firing)?.long;
}

/**
 * SLO statuses from a Sightline console's `GET /api/slos`: the console computes availability and
 * latency SLIs from its stored server spans (within its retention), for the spec files it was
 * started with (`--slo`). An SLO it does not track is shown with the reason.
 */
export async function consoleStatuses(target: ConsoleTarget, specs: readonly SloSpec[], signal?: AbortSignal): Promise<SloStatus[]> {
  const answer = await getJson<SlosAnswer>(target, apiUrl(target, '/api/slos'), signal);
  return specs.flatMap((spec) =>
    spec.slos.map((slo) => {
      const tracked = answer.slos.find((entry) => entry.id === slo.id);
      if (tracked === undefined) {
        const reason =
          answer.untracked.find((entry) => entry.id === slo.id)?.reason ??
          `the console does not track ${slo.id}: start it with --slo <this spec file>`;
        return sloStatus(spec, slo, { missing: 'unsupported', reason });
      }
      const waiting = tracked.alert === null ? waitingForData(tracked) : undefined;
      return sloStatus(spec, slo, {
        ratios: new Map(tracked.burnRates.map((rate) => [rate.window, rate.errorRatio ?? undefined])),
        ...(tracked.budgetRemaining === null ? {} : { budgetRemaining: tracked.budgetRemaining }),
        // The console's verdict, not one derived again here: it waits for data over the long window.
        verdict: { alert: tracked.alert, ...(waiting === undefined ? {} : { waitingForData: waiting }) },
      });
    }),
  );
}
