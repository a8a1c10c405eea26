import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from 'react';
import { useLive } from './live.js';
import { refetchAfter } from './refetch-policy.js';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
}

/** The requests of one key: the one in flight, and whether a live event asked for another meanwhile. */
interface Run {
  readonly controller: AbortController;
  /** The live version its latest request started at. */
  version: number;
  inFlight: boolean;
  again: boolean;
  /** The last answer was a client error (refetchAfter): live updates leave it alone. */
  final: boolean;
  start: () => void;
}

/**
 * Runs `load` when `key` changes and, with `live`, again on ingest events; the previous answer
 * stays on screen while the next one loads (no flicker on live refresh). A new key aborts the
 * request in flight. A live event does not: under steady ingest the events come every second, and
 * aborting would starve any request slower than that (a view would never update). It asks for
 * one more request once the one in flight has settled, however many events came meanwhile. A
 * client error (4xx) stays until the key changes: live events do not ask again (refetch-policy.ts).
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  options: { live?: boolean; notFoundMayArrive?: boolean; revision?: number } = {},
): ApiState<T> {
  const live = useLive();
  // A new revision (the caller changed what is shown, e.g. made a silence) asks again as a live event does.
  const liveVersion = (options.live === false ? 0 : live.version) + (options.revision ?? 0);
  const [state, setState] = useState<ApiState<T>>({ data: undefined, error: undefined, loading: key !== null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const notFoundMayArriveRef = useRef(options.notFoundMayArrive === true);
  notFoundMayArriveRef.current = options.notFoundMayArrive === true;
  const versionRef = useRef(liveVersion);
  versionRef.current = liveVersion;
  const runRef = useRef<Run | null>(null);

  // `load` and the live version are read through refs: only `key` starts a new run.
  useEffect(() => {
    runRef.current = null;
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    const run = createRun(controller, { loadRef, versionRef, notFoundMayArriveRef, setState });
    runRef.current = run;
    setState({ data: undefined, error: undefined, loading: true });
    run.start();
    return () => controller.abort();
  }, [key]);

  useEffect(() => {
    const run = runRef.current;
    if (run === null || run.version === liveVersion || run.final) return;
    if (run.inFlight) run.again = true;
    else run.start();
  }, [liveVersion]);

  return state;
}

/** What a run reads when it starts a request (through refs: the latest render's) and where it puts the answer. */
interface RunInputs<T> {
  readonly loadRef: { readonly current: (signal: AbortSignal) => Promise<T> };
  readonly versionRef: { readonly current: number };
  readonly notFoundMayArriveRef: { readonly current: boolean };
  readonly setState: Dispatch<SetStateAction<ApiState<T>>>;
}

/**
 * A key's run: `start` sends a request; when it settles with `again` set (a live event came
 * meanwhile), one more follows, unless the answer was final or the key's controller aborted.
 */
function createRun<T>(controller: AbortController, { loadRef, versionRef, notFoundMayArriveRef, setState }: RunInputs<T>): Run {
  const run: Run = {
    controller,
    version: versionRef.current,
    inFlight: false,
    again: false,
    final: false,
    start: () => {
      run.inFlight = true;
      run.version = versionRef.current;
      setState((previous) => ({ ...previous, loading: true }));
      loadRef.current(controller.signal).then(
        (data) => settle({ data, error: undefined, loading: false }),
        (error: unknown) => {
          run.final = !refetchAfter(error, { notFoundMayArrive: notFoundMayArriveRef.current });
          settle((previous) => ({ data: previous.data, error: error as Error, loading: false }));
        },
      );
    },
  };
  const settle = (next: SetStateAction<ApiState<T>>) => {
    if (controller.signal.aborted) return;
    setState(next);
    run.inFlight = false;
    if (run.again && !run.final) {
      run.again = false;
      run.start();
    }
  };
  return run;
}
