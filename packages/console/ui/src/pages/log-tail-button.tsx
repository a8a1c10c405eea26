import { useLive } from '../api/live.js';
import { type TailState, tailControl } from '../components/tail-control.js';
import { hrefOf, Link, navigate } from '../router.js';
import type { LogsLocation } from './use-logs-location.js';

/** Pauses or resumes the tail (or turns live updates on); over a range, the way back to the tail. */
export function LogTailButton({ at, paused, searchFailed }: { at: LogsLocation; paused: boolean; searchFailed: boolean }) {
  const live = useLive();
  const { filters, tailPaused } = at;
  if (at.range !== undefined) {
    return (
      <Link className="button back-to-tail" href={hrefOf('/logs', filters)}>
        ▶ Back to the live tail
      </Link>
    );
  }
  const applyTail = (next: TailState) => {
    if (next.livePaused !== live.paused) live.setPaused(next.livePaused);
    if (next.tailPaused !== tailPaused)
      navigate(hrefOf('/logs', { ...filters, paused: next.tailPaused ? '1' : undefined }), { replace: true });
  };
  const control = tailControl({ tailPaused, livePaused: live.paused, searchFailed });
  return (
    <>
      <button
        type="button"
        className={paused && !control.disabled ? 'tail paused' : 'tail'}
        title={control.title}
        disabled={control.disabled}
        onClick={() => applyTail(control.next)}
      >
        {control.label}
      </button>
      {control.note !== undefined ? <span className="tail-note muted small">{control.note}</span> : null}
    </>
  );
}
