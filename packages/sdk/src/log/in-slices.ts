import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of background encoding may hold the event loop before it lets requests in. */
export const SLICE_MS = 0.5;

/**
 * Runs `each` over `items` in slices of at most ~`sliceMs` of the event loop, with a turn of
 * the loop between slices, so a batch of work done in the background (512 log lines parsed and
 * encoded: ~3 ms) never holds up the requests arriving meanwhile. The clock is read after every
 * item, so a slice of heavy items (errors with stacks to fingerprint) ends as soon as one of
 * cheap ones would.
 */
export async function inSlices<T>(
  items: readonly T[],
  each: (item: T) => void,
  sliceMs = SLICE_MS,
  now: () => number = performance.now.bind(performance),
): Promise<void> {
  let sliceStart = now();
  for (let i = 0; i < items.length; i++) {
    each(items[i] as T);
    if (i + 1 < items.length && now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = now();
    }
  }
}
