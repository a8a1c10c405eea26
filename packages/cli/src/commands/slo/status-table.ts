import type { Painter, Tone } from '../../color.js';
import { formatTable } from '../../table.js';
import type { SloStatus } from './slo-status.js';

const percent = (ratio: number | undefined, digits: number) => (ratio === undefined ? '–' : `${(ratio * 100).toFixed(digits)} %`);
const times = (rate: number | undefined) => (rate === undefined ? '–' : `${rate.toFixed(rate >= 100 ? 0 : rate >= 10 ? 1 : 2)}x`);

function budgetTone(remaining: number | undefined): Tone | undefined {
  if (remaining === undefined) return undefined;
  return remaining >= 0.5 ? 'good' : remaining > 0 ? 'warn' : 'bad';
}

function burnTone(rate: number | undefined, status: SloStatus): Tone | undefined {
  if (rate === undefined) return undefined;
  return rate >= status.thresholds.page ? 'bad' : rate >= status.thresholds.ticket ? 'warn' : 'good';
}

const ALERT_TONE: Record<string, Tone> = { page: 'bad', ticket: 'warn', none: 'good' };

/**
 * One table per set of alert windows (SLOs with the same window share their columns): service,
 * SLO, objective, SLI and budget remaining over the SLO window, the burn rate over each alert
 * window, and the alert that would fire now.
 */
export function statusTables(statuses: readonly SloStatus[], paint: Painter): string {
  const groups = new Map<string, SloStatus[]>();
  for (const status of statuses) {
    const key = status.burnRates.map((burn) => burn.window).join(' ');
    groups.set(key, [...(groups.get(key) ?? []), status]);
  }
  return [...groups.values()].map((group) => table(group, paint)).join('\n');
}

function alertText(status: SloStatus): string {
  if (status.state === 'no-rules') return 'rules not loaded';
  if (status.state === 'unsupported') return 'n/a';
  if (status.waitingForData !== undefined)
    return `${status.alert ?? 'none'} (burning; fires once ${status.waitingForData} of data is held)`;
  return status.alert ?? 'no data';
}

function table(statuses: readonly SloStatus[], paint: Painter): string {
  const windows = statuses[0]?.burnRates.map((burn) => burn.window) ?? [];
  const burnHeaders = windows.map((window) => `burn ${window}`);
  const headers = ['service', 'slo', 'objective', 'sli', 'budget left', ...burnHeaders, 'alert'];
  const rows = statuses.map((status) => [
    status.service,
    status.slo,
    `${status.objective} % / ${status.window}`,
    percent(status.sli, 3),
    percent(status.budgetRemaining, 1),
    ...status.burnRates.map((burn) => times(burn.rate)),
    alertText(status),
  ]);
  const alertColumn = headers.length - 1;
  const tones = (status: SloStatus, column: number): Tone | undefined => {
    if (column === 3 || column === 4) return budgetTone(status.budgetRemaining);
    if (column >= 5 && column < alertColumn) return burnTone(status.burnRates[column - 5]?.rate, status);
    if (column === alertColumn) {
      if (status.state === 'no-rules') return 'bad';
      if (status.waitingForData !== undefined) return 'warn';
      return status.alert === undefined ? 'dim' : ALERT_TONE[status.alert];
    }
    return undefined;
  };
  const right = ['objective', 'sli', 'budget left', ...burnHeaders];
  return formatTable(headers, rows, right, (row, column, text) => {
    const status = statuses[row];
    return status === undefined ? text : paint(tones(status, column), text);
  });
}
