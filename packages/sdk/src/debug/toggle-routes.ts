import { DebugHttpError } from './http-error.js';
import { readJsonBody } from './respond.js';
import type { DebugRoute } from './router.js';

/** What the debug toggle (debug-toggle.ts) offers the server; the server only translates HTTP. */
export interface DebugToggleEndpoint {
  /** Applies a JSON body (enable, with scope and duration); throws an `SL_*` error for bad input. */
  apply(body: unknown): unknown;
  status(): unknown;
  disable(): unknown;
}

/** Sightline's named errors (SightlineConfigError and friends) are the caller's fault: 400. */
async function call(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SL_')) throw new DebugHttpError(400, (error as Error).message, { code });
    throw error;
  }
}

export function toggleRoutes(toggle: DebugToggleEndpoint | undefined): DebugRoute[] {
  const available = (): DebugToggleEndpoint => {
    if (toggle === undefined) throw new DebugHttpError(501, 'the debug toggle is not available in this observer');
    return toggle;
  };
  return [
    { method: 'GET', path: '/debug/toggle', description: 'debug toggle status', handle: () => call(() => available().status()) },
    {
      method: 'POST',
      path: '/debug/toggle',
      params: 'JSON body (see the debug toggle docs)',
      description: 'turn verbose debugging on for a scope and a duration',
      handle: async ({ req }) => {
        const target = available();
        const body = await readJsonBody(req);
        return call(() => target.apply(body));
      },
    },
    {
      method: 'POST',
      path: '/debug/toggle/disable',
      description: 'turn the debug toggle off now',
      handle: () => call(() => available().disable()),
    },
  ];
}
