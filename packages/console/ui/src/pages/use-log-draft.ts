import { useEffect, useState } from 'react';
import type { LogFilters, LogsLocation } from './use-logs-location.js';

/** The search form's filters as typed, until applied; they follow the URL (back, forward, links). */
export function useLogDraft({ filters, key }: LogsLocation): [LogFilters, (draft: LogFilters) => void] {
  const [draft, setDraft] = useState(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the URL (back, forward, links), encoded in `key`.
  useEffect(() => setDraft(filters), [key]);
  return [draft, setDraft];
}
