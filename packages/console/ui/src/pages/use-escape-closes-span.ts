import { useEffect } from 'react';

const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/**
 * Escape closes the span details wherever the focus is, except in a text field: the find box takes
 * its own Escape (clear, then leave the box), and a field's Escape is the field's.
 */
export function useEscapeClosesSpan(selected: number | undefined, showStats: boolean, select: (index: number | undefined) => void): void {
  useEffect(() => {
    // The statistics show no details to close (and Escape there must not leave them for the waterfall).
    if (selected === undefined || showStats) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTextField(event.target)) return;
      event.preventDefault();
      select(undefined);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [selected, select, showStats]);
}

/** Where Escape belongs to the element: typing into it, or choosing from it. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(target.type);
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
