import { formatBytes } from '../format-bytes.js';
import type { Frame } from './aggregate.js';
import type { ProfileDiff, SiteDiff } from './diff.js';

const HEADER = ['growth', 'growth %', 'before', 'after', 'function', 'location'] as const;
const STACK_DEPTH = 8;

/** `file:///srv/app/leak.js` → `/srv/app/leak.js`; paths as an editor opens them. */
function location(frame: Frame): string {
  const file = frame.file.startsWith('file://') ? decodeURIComponent(frame.file.slice('file://'.length)) : frame.file;
  if (file === '') return '(no file)';
  return frame.line > 0 ? `${file}:${frame.line}` : file;
}

function formatValue(value: number, bytes: boolean): string {
  return bytes ? formatBytes(value) : String(value);
}

function formatPercent(site: SiteDiff): string {
  if (site.growthPercent === undefined) return 'new';
  return `+${site.growthPercent < 10 ? site.growthPercent.toFixed(1) : Math.round(site.growthPercent)}%`;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
}

/**
 * The diff as a plain-text table, largest growth first: growth, growth %, before, after,
 * function, file:line. With `showStacks`, each row is followed by its callers.
 */
export function formatDiffTable(diff: ProfileDiff, options: { top: number; showStacks?: boolean }): string {
  const bytes = diff.sampleType.endsWith('/bytes');
  const rows = diff.growing.slice(0, options.top);
  const change = diff.totalAfter - diff.totalBefore;
  const summary =
    `${diff.sampleType}: ${formatValue(diff.totalBefore, bytes)} → ${formatValue(diff.totalAfter, bytes)} ` +
    `(${change >= 0 ? '+' : ''}${formatValue(change, bytes)}); ${diff.growing.length} site(s) grew`;
  if (rows.length === 0) return `${summary}\nno allocation site grew between the two profiles\n`;

  const cells = rows.map((site) => [
    `+${formatValue(site.growth, bytes)}`,
    formatPercent(site),
    formatValue(site.before, bytes),
    formatValue(site.after, bytes),
    site.frames[0]!.functionName,
    location(site.frames[0]!),
  ]);
  const widths = HEADER.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const lines = [summary, '', pad(HEADER, widths)];
  rows.forEach((site, i) => {
    lines.push(pad(cells[i]!, widths));
    if (options.showStacks === true) {
      for (const frame of site.frames.slice(1, STACK_DEPTH)) lines.push(`    ← ${frame.functionName} ${location(frame)}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
