import type { Painter } from '../../color.js';
import { formatTable } from '../../table.js';
import type { CheckResult } from './check.js';
import { LEVELS, type Maturity } from './maturity.js';

/** The checks as a table, the level reached, and what the next level still needs. */
export function formatReport(target: string, checks: readonly CheckResult[], result: Maturity, paint: Painter): string {
  const rows = checks.map((check) => [String(check.level), check.title, check.pass ? 'pass' : 'FAIL', check.detail]);
  const table = formatTable(['level', 'check', 'result', 'detail'], rows, [], (row, column, text) =>
    column === 2 ? paint(checks[row]?.pass === true ? 'good' : 'bad', text) : text,
  );
  const reached = LEVELS[result.level];
  const tone = result.level >= 3 ? 'good' : result.level >= 2 ? 'warn' : 'bad';
  const lines = [
    `sightline doctor ${target}`,
    '',
    table,
    paint(tone, `maturity level ${result.level} of 4: ${reached.name} (${reached.meaning})`),
  ];
  if (result.level < 4) {
    const next = (result.level + 1) as 1 | 2 | 3 | 4;
    const either = next === 1 ? ' (either)' : '';
    lines.push(`missing for level ${next}, ${LEVELS[next].name}${either}:`);
    for (const check of result.missing) lines.push(`  - ${check.title}: ${check.detail}; ${check.fix ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
