import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { ErrorGroupDetail } from '../api/types.js';
import { mergeOccurrences } from '../components/occurrence-pages.js';

/** As many as the API's first page holds (its default limit). */
export const OCCURRENCES_PER_PAGE = 50;

export type Occurrence = ErrorGroupDetail['occurrences'][number];

/** The pages asked for with "Older occurrences", and where the next one starts. */
interface OlderPages {
  readonly occurrences: readonly Occurrence[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly error: Error | undefined;
}

export interface Occurrences {
  /** The first page and the older pages asked for, newest first, none twice. */
  readonly shown: readonly Occurrence[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly error: Error | undefined;
  readonly loadOlder: () => void;
}

/**
 * The group's older occurrences, a page per call of `loadOlder`, beside its first page (which
 * live updates refresh). Each older page also keeps the first page as it was then: when new
 * occurrences push its oldest rows out of the refreshed first page, they stay shown, no gap.
 */
export function useOlderOccurrences(fingerprint: string, detail: ErrorGroupDetail | undefined): Occurrences {
  const [older, setOlder] = useState<OlderPages | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another group's page starts without older pages.
  useEffect(() => {
    setOlder(undefined);
    return () => controller.current?.abort();
  }, [fingerprint]);
  const shown = useMemo(() => mergeOccurrences(detail?.occurrences ?? [], older?.occurrences ?? []), [detail, older]);
  const nextCursor = older === undefined ? (detail?.nextCursor ?? null) : older.nextCursor;
  const loadOlder = () => {
    const before = shown.at(-1)?.cursor;
    if (detail === undefined || before === undefined) return;
    const firstPage = detail.occurrences;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setOlder((previous) => ({ occurrences: previous?.occurrences ?? [], nextCursor, loading: true, error: undefined }));
    api.errorGroup(fingerprint, { before, limit: OCCURRENCES_PER_PAGE }, current.signal).then(
      (page) => {
        if (current.signal.aborted) return;
        setOlder((previous) => ({
          occurrences: mergeOccurrences(previous?.occurrences ?? [], firstPage, page.occurrences),
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        }));
      },
      (failure: unknown) => {
        if (current.signal.aborted) return;
        setOlder((previous) => ({ occurrences: previous?.occurrences ?? [], nextCursor, loading: false, error: failure as Error }));
      },
    );
  };
  return { shown, nextCursor, loading: older?.loading === true, error: older?.error, loadOlder };
}
