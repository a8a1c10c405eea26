import { DebugHttpError } from './http-error.js';
import type { DebugRoute } from './router.js';

/** What the server reads of observer.slo (the debug server knows its shape, not its code). */
export interface DebugSloSource {
  readonly enabled: boolean;
  readonly service: string | undefined;
  status(): readonly { readonly name: string }[];
}

export function sloRoutes(slo: DebugSloSource | undefined): DebugRoute[] {
  const statuses = () => {
    if (slo === undefined || !slo.enabled) throw new DebugHttpError(404, 'no SLOs configured: set slo.spec or slo.objectives');
    return slo.status();
  };
  return [
    {
      method: 'GET',
      path: '/debug/slo',
      description:
        'SLOs counted in process: objective, error budget (allowed, consumed, remaining), burn rates per window, the alert that would fire now',
      handle: () => ({ service: slo?.service, slos: statuses() }),
    },
    {
      method: 'GET',
      path: '/debug/slo/:name',
      description: 'one SLO by name',
      handle: ({ params }) => {
        const name = params.name ?? '';
        const found = statuses().find((entry) => entry.name === name);
        if (found === undefined) throw new DebugHttpError(404, `no SLO named ${name}; GET /debug/slo lists them`);
        return found;
      },
    },
  ];
}
