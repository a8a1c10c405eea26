import type { ReactNode } from 'react';

export function ErrorNotice({ error }: { error: Error }) {
  return <div className="notice error">{error.message}</div>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <div className="notice">{children}</div>;
}

export function Loading() {
  return <div className="muted loading">loading…</div>;
}
