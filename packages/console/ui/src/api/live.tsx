import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';

/**
 * Live updates: `/api/live` sends an `ingest` event when new telemetry was stored; every view
 * that reads `version` refetches. Paused, the version stands still and views stay as they are.
 */
export interface Live {
  readonly version: number;
  readonly paused: boolean;
  readonly connected: boolean;
  setPaused(paused: boolean): void;
}

const LiveContext = createContext<Live>({ version: 0, paused: false, connected: false, setPaused: () => undefined });

export function LiveProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const [paused, setPaused] = useState(false);
  const [connected, setConnected] = useState(false);

  const wasPaused = useRef(false);

  useEffect(() => {
    if (paused) {
      wasPaused.current = true;
      return;
    }
    // Resumed: what arrived while paused is shown at once, not at the next ingest.
    if (wasPaused.current) setVersion((value) => value + 1);
    wasPaused.current = false;
    const source = new EventSource('/api/live');
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('ingest', () => setVersion((value) => value + 1));
    // A `ready` after the first is a reconnect (the console restarted, the network came back): refresh.
    let readies = 0;
    source.addEventListener('ready', () => {
      readies++;
      if (readies > 1) setVersion((value) => value + 1);
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [paused]);

  const value = useMemo(() => ({ version, paused, connected, setPaused }), [version, paused, connected]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}
