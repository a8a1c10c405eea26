import { api } from './client.js';
import { traceHintOf } from './trace-hint.js';

/**
 * Requests started before React mounts, for the page the URL opens on: the trace outline query
 * (the slow part of opening a large trace) runs while the bundle starts up, not after.
 */
const started = new Map<string, Promise<unknown>>();

export function prefetchForLocation(pathname: string, search: string): void {
  const trace = /^\/traces\/([0-9a-fA-F]{32})$/.exec(pathname);
  if (trace !== null) started.set(`trace-outline:${trace[1]}`, api.traceOutline(trace[1]!, traceHintOf(new URLSearchParams(search))));
}

/** The prefetched answer for `key`, once (a later load asks the server again). */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const promise = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return promise;
}
