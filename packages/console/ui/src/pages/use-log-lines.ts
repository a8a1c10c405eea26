import { useEffect, useRef, useState } from 'react';
import { api, logFollowUrl } from '../api/client.js';
import type { LogRecord } from '../api/types.js';
import { laterCursor, mergeNewestFirst } from '../components/log-order.js';
import type { LogsLocation } from './use-logs-location.js';

/** Lines the page keeps, newest first. */
const SHOWN = 500;

export interface LogLines {
  readonly logs: readonly LogRecord[];
  /** Why the filters' first page failed. */
  readonly error: Error | undefined;
}

/**
 * The newest lines matching the filters, then, unless `paused`, a live tail (server-sent events
 * from `/api/logs?follow=true`) merging new ones in at their time.
 */
export function useLogLines({ filters, range, key }: LogsLocation, paused: boolean): LogLines {
  const [logs, setLogs] = useState<readonly LogRecord[]>([]);
  const [error, setError] = useState<Error | undefined>();
  // The newest line seen under these filters: where a tail (re)starts, so resuming after a pause
  // asks only for lines stored since, not for everything since the page loaded.
  const newest = useRef<string | undefined>(undefined);
  // The filters whose first page has arrived: the tail opens for them once, never with an older cursor.
  const [loadedKey, setLoadedKey] = useState<string | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are encoded in `key`.
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    setLoadedKey(undefined);
    newest.current = undefined;
    api.logs({ ...filters, ...range, limit: 200 }, controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setLogs(mergeNewestFirst([], answer.logs, SHOWN));
        // None matched: the tail starts at 0, where only lines stored from now on can match.
        newest.current = answer.logs.reduce<string>((max, log) => laterCursor(max, log.cursor), '0');
        setLoadedKey(key);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure as Error);
      },
    );
    return () => controller.abort();
  }, [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the tail restarts when the filters' first page is in or pause changes, not on every line.
  useEffect(() => {
    if (paused || loadedKey !== key) return;
    // When the browser reconnects this source by itself (the console restarted, the network came
    // back) it sends the last line's cursor as Last-Event-ID, which the console goes on after,
    // whatever the URL's `after` says: the lines stored meanwhile arrive, none twice.
    const source = new EventSource(logFollowUrl({ ...filters, after: newest.current }));
    source.addEventListener('log', (event) => {
      const log = JSON.parse((event as MessageEvent<string>).data) as LogRecord;
      newest.current = laterCursor(newest.current, log.cursor);
      // The tail sends lines in the order they were stored, not in time order: each goes to its place.
      setLogs((previous) => mergeNewestFirst(previous, [log], SHOWN));
    });
    return () => source.close();
  }, [key, paused, loadedKey]);

  return { logs, error };
}
