/** Headers of text columns, aligned left like the first column; all others are numbers, aligned right. */
const TEXT_COLUMNS = new Set(['what', 'target']);

/** Fixed-width text tables: the first column and text columns left-aligned, numbers right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const left = headers.map((header, column) => column === 0 || TEXT_COLUMNS.has(header));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (left[column] ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function printTable(
  title: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  notes: readonly string[] = [],
): void {
  console.log(`\n${title}\n`);
  console.log(formatTable(headers, rows));
  for (const note of notes) console.log(note);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (value: number): string => (Number.isFinite(value) ? integer.format(value) : '-');

export const formatRatio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

export const formatFixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** `>= 0.50x ok` / `>= 0.50x MISS`: informational, never an assertion (timings are noisy). */
export function formatTarget(ratio: number, target: number | undefined): string {
  if (target === undefined) return '';
  return `>= ${target.toFixed(2)}x ${ratio >= target ? 'ok' : 'MISS'}`;
}
