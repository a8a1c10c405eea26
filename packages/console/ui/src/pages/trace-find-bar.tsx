import type { SpanFind } from './use-span-find.js';

interface TraceFindBarProps {
  readonly find: SpanFind;
  readonly selected: number | undefined;
  /** Whether the details (the attribute values searched) have arrived, and why not. */
  readonly detailsArrived: boolean;
  readonly detailsError: Error | undefined;
}

/** The find box over the waterfall: which match is selected of how many, and ↑/↓ to step through them. */
export function TraceFindBar({ find, selected, detailsArrived, detailsError }: TraceFindBarProps) {
  const searching = find.text.trim() !== '';
  return (
    <form
      className="find-bar"
      onSubmit={(event) => {
        event.preventDefault();
        find.step(1);
      }}
    >
      <input
        name="find"
        className="find-input"
        type="search"
        placeholder="Find spans by name, service or attribute value"
        value={find.text}
        onChange={(event) => find.setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          // First Escape clears the search, the next one leaves the box (the one after closes the details).
          event.preventDefault();
          if (find.text !== '') find.setText('');
          else event.currentTarget.blur();
        }}
      />
      {searching ? <span className="muted find-count">{matchCountText(find, selected)}</span> : null}
      {searching && !detailsArrived ? (
        <span className="muted find-pending">
          {detailsError === undefined ? 'names and services only: attributes loading…' : 'names and services only'}
        </span>
      ) : null}
      <button type="button" onClick={() => find.step(-1)} disabled={find.matches.length === 0} aria-label="previous match">
        ↑
      </button>
      <button type="submit" disabled={find.matches.length === 0} aria-label="next match">
        ↓
      </button>
    </form>
  );
}

/** "2 of 14", "– of 14" while the selected span is no match, or "no match". */
function matchCountText({ matches, matchSet }: SpanFind, selected: number | undefined): string {
  if (matches.length === 0) return 'no match';
  return `${selected !== undefined && matchSet.has(selected) ? matches.indexOf(selected) + 1 : '–'} of ${matches.length.toLocaleString()}`;
}
