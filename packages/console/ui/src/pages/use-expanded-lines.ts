import { useState } from 'react';

/** The log lines opened to show their attributes, by cursor. */
export function useExpandedLines(): { expanded: ReadonlySet<string>; toggle: (cursor: string) => void } {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (cursorOfLog: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(cursorOfLog)) next.delete(cursorOfLog);
      else next.add(cursorOfLog);
      return next;
    });
  return { expanded, toggle };
}
