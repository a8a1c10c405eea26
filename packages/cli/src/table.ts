/** Styles one padded body cell (colour on a terminal): row and column index the rows given. */
export type CellPaint = (row: number, column: number, padded: string) => string;

/**
 * Rows as aligned columns for a terminal, like `kubectl get` or `docker ps`: an upper-case
 * header, two spaces between columns, the last column not padded (it may be long). Columns
 * named in `right` are right-aligned (numbers, durations). Cells are single-line: line breaks
 * and tabs become `⏎`/spaces so one record stays one row.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly string[] = [],
  paint?: CellPaint,
): string {
  const clean = rows.map((row) => row.map((cell) => cell.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ')));
  const widths = headers.map((header, column) => Math.max(header.length, ...clean.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[], row: number) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const padded =
          column === cells.length - 1 && !right.includes(headers[column] ?? '')
            ? cell
            : right.includes(headers[column] ?? '')
              ? cell.padStart(width)
              : cell.padEnd(width);
        // Painted after padding: escape codes have no width on screen.
        return row < 0 || paint === undefined ? padded : paint(row, column, padded);
      })
      .join('  ');
  return `${[
    line(
      headers.map((header) => header.toUpperCase()),
      -1,
    ),
    ...clean.map((cells, row) => line(cells, row)),
  ].join('\n')}\n`;
}

/** `0.42 ms`, `12.3 ms`, `1.25 s`: three significant figures at most. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
}

/** Milliseconds since the epoch as an ISO time. */
export function formatEpochMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** A Unix-nanosecond decimal string (the API's time form) as an ISO time to the millisecond. */
export function formatUnixNano(text: string): string {
  return formatEpochMs(Number(BigInt(text) / 1_000_000n));
}
