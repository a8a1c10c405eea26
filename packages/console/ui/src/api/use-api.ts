import { useEffect, useRef, useState } from 'react';
import { useLive } from './live.js';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
}

/**
 * Runs `load` when `key` changes and, with `live`, again on every ingest event; the previous
 * answer stays on screen while the next one loads (no flicker on live refresh), and a request
 * that a newer one replaced is aborted.
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, options: { live?: boolean } = {}): ApiState<T> {
  const live = useLive();
  const liveVersion = options.live === false ? 0 : live.version;
  const [state, setState] = useState<ApiState<T>>({ data: undefined, error: undefined, loading: key !== null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastKey = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is read through a ref; `key` and the live version decide when to run.
  useEffect(() => {
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const keyChanged = lastKey.current !== key;
    lastKey.current = key;
    const controller = new AbortController();
    setState((previous) => (keyChanged ? { data: undefined, error: undefined, loading: true } : { ...previous, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState((previous) => ({ data: keyChanged ? undefined : previous.data, error: error as Error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, liveVersion]);

  return state;
}
