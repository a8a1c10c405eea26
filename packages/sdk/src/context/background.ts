import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * Background work (exports and their retry timers, health-check runs, scrapes, batches) is
 * started by whatever happens to trigger it, often a request. Started from here it runs in the
 * root context instead: no span to parent, and no request state (which rides in the same
 * context, see request-context.ts) for the logger's mixin to copy onto the SDK's own lines.
 * Timers, promise reactions and sockets created inside inherit the root context.
 */
export function inBackground<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

/** `fn` bound to the root context: wherever it is called from later (a timer, a reaction), it runs outside any request. */
export function bindToBackground<F extends (...args: never[]) => unknown>(fn: F): F {
  return context.bind(ROOT_CONTEXT, fn);
}
