import type { FastifyReply } from 'fastify';
import type { Store, StoreQueries } from '../store/index.js';

/**
 * Aborts when the HTTP client goes away before its answer is sent (a closed tab, a search
 * retyped, a script's timeout): the response closes without having finished. Queries given this
 * signal (`store.cancellable`) stop then, instead of running for nobody.
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  if (response.destroyed && !response.writableFinished) {
    controller.abort();
    return controller.signal;
  }
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The store's queries for one request: cancelled when its client goes away. */
export function queriesFor(store: Store, reply: FastifyReply): StoreQueries {
  return store.cancellable(clientGone(reply));
}
