import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** Observers sharing the context manager we registered; it is disabled when the last one releases. */
let holders = 0;
let ours: AsyncLocalStorageContextManager | undefined;

/**
 * Registers an AsyncLocalStorage context manager unless the app already has one
 * (an existing OpenTelemetry setup): we attach to it rather than install a second.
 * Returns an idempotent release function; the manager we registered stays until the last
 * observer using it releases, so shutting one observer down never breaks another's context.
 */
export function ensureContextManager(): () => void {
  if (ours === undefined) {
    const manager = new AsyncLocalStorageContextManager();
    manager.enable();
    // setGlobalContextManager returns false (and keeps the existing one) when one is set.
    if (!context.setGlobalContextManager(manager)) {
      manager.disable();
      return () => {};
    }
    ours = manager;
  }
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && ours !== undefined) {
      ours = undefined;
      context.disable();
    }
  };
}
