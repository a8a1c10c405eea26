import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * Registers an AsyncLocalStorage context manager unless the app already has one
 * (an existing OpenTelemetry setup): we attach to it rather than install a second.
 * Returns a release function that unregisters only what we registered.
 */
export function ensureContextManager(): () => void {
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  // setGlobalContextManager returns false (and keeps the existing one) when one is set.
  const registered = context.setGlobalContextManager(manager);
  if (!registered) {
    manager.disable();
    return () => {};
  }
  return () => {
    context.disable();
  };
}
