import {
  type DebugErrorGroups,
  type DebugServer,
  type DebugSloSource,
  DebugToggle,
  startDebugServer,
  type ToggleScope,
} from '../debug/index.js';
import type { RequestPass } from '../http/index.js';
import type { Lifecycle } from '../shutdown/index.js';
import type { ObserverDebug } from './observer-api.js';
import type { ObserverCore } from './wire-logs.js';

export interface DebugWiring {
  readonly toggle: DebugToggle | undefined;
  readonly server: DebugServer | undefined;
}

/** POST /debug/toggle (debug/debug-toggle.ts): debug level and request dumps for a while. */
function createToggle({ options, logs }: ObserverCore, scope: ToggleScope, http: RequestPass): DebugToggle {
  return new DebugToggle({
    logs,
    http,
    scope,
    maxDurationSeconds: options.debug.maxToggleSeconds,
    maxBodyBytes: options.debug.dumpBodyBytes,
    redact: options.log.redact,
  });
}

/** The debug toggle and the debug server on its own port, when `debug.enabled`; both end with shutdown(). */
export function wireDebug(
  core: ObserverCore,
  http: RequestPass,
  lifecycle: Lifecycle,
  errors: DebugErrorGroups,
  slo: DebugSloSource,
): DebugWiring {
  const { options, logs, reportInternalError } = core;
  const toggle = core.toggleScope === undefined ? undefined : createToggle(core, core.toggleScope, http);
  if (toggle !== undefined) lifecycle.register('debug-toggle', 'intake', () => toggle.shutdown());

  const server = options.debug.enabled
    ? startDebugServer({
        debug: options.debug,
        serviceName: options.serviceName,
        logger: logs.logger,
        onInternalError: reportInternalError,
        inFlight: () => http.inFlight,
        config: options,
        redactKeys: options.log.redact.keys,
        toggle,
        errors,
        slo,
      })
    : undefined;
  if (server !== undefined) lifecycle.register('debug-server', 'close', () => server.close());
  return { toggle, server };
}

/** observer.debug: where the server listens, its token and the toggle. */
export function observerDebug({ toggle, server }: DebugWiring): ObserverDebug {
  return {
    enabled: server !== undefined,
    ready: () => server?.ready() ?? Promise.resolve(undefined),
    token: server?.token,
    toggle,
  };
}
