import { useEffect, useState } from 'react';

/** Said when this page changed an incident (declared, resolved…): views that count incidents read them again. */
const listeners = new Set<() => void>();

export function incidentsChanged(): void {
  for (const listener of listeners) listener();
}

/** A number that grows with each change this page made to an incident: a `revision` for useApi. */
export function useIncidentsRevision(): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const bump = () => setRevision((value) => value + 1);
    listeners.add(bump);
    return () => {
      listeners.delete(bump);
    };
  }, []);
  return revision;
}
