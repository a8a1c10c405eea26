/**
 * The logs page's tail button, beside the header's Live switch. Both stop the tail: the button
 * for this page (`?paused=1`, so a paused view is a link), the switch for every view. With Live
 * off, a button that toggled `paused=1` would change nothing on screen, so it says that live
 * updates are off and turns them on; resuming a paused tail turns them on too.
 */

export interface TailState {
  /** Paused by the page's button (`?paused=1`). */
  readonly tailPaused: boolean;
  /** Paused by the header's Live switch. */
  readonly livePaused: boolean;
}

export interface TailFacts extends TailState {
  /** The filters' first page failed (a bad filter, the console down): no tail runs for them. */
  readonly searchFailed?: boolean;
}

export interface TailControl {
  readonly label: string;
  readonly title: string;
  /** What a click leads to. */
  readonly next: TailState;
  /** Said beside the button while the header's switch holds the tail. */
  readonly note: string | undefined;
  /** Nothing to pause or resume: the button is shown disabled. */
  readonly disabled: boolean;
}

const LIVE_OFF_NOTE = 'Live updates are paused (the header’s switch): no new lines arrive.';

export function tailControl({ tailPaused, livePaused, searchFailed = false }: TailFacts): TailControl {
  const running: TailState = { tailPaused: false, livePaused: false };
  if (searchFailed) {
    // The tail opens only after the filters' first page: none runs, so "Pause" would pause nothing.
    return {
      label: 'No live tail',
      title: 'the search failed (see the error): change the filters and apply to tail them',
      next: { tailPaused, livePaused },
      note: undefined,
      disabled: true,
    };
  }
  if (tailPaused) {
    return {
      label: '▶ Resume tail',
      title: livePaused ? 'follow new lines again, and turn live updates back on' : 'follow new lines again, from the newest shown',
      next: running,
      note: livePaused ? LIVE_OFF_NOTE : undefined,
      disabled: false,
    };
  }
  if (livePaused) {
    return {
      label: '▶ Turn live updates on',
      title: 'resume live updates: the tail follows new lines again',
      next: running,
      note: LIVE_OFF_NOTE,
      disabled: false,
    };
  }
  return {
    label: '❚❚ Pause tail',
    title: 'stop following new lines (kept in the URL)',
    next: { tailPaused: true, livePaused: false },
    note: undefined,
    disabled: false,
  };
}
