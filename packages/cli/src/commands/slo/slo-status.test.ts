import { parseSloSpecs } from '@sightline/slo';
import { describe, expect, it } from 'vitest';
import { painter } from '../../color.js';
import type { PromSample } from './prometheus-query.js';
import { sloStatuses, statusQuery } from './slo-status.js';
import { statusTables } from './status-table.js';

const [spec] = parseSloSpecs(
  `version: sightline/v1
service: orders-api
slos:
  - { name: availability, objective: 99.9, sli: { availability: {} } }
`,
  { source: 'orders.slo.yaml' },
);
const specs = spec === undefined ? [] : [spec];
const id = 'orders-api-availability';

/** The samples Prometheus would return for these error ratios per window (budget 0.001). */
function samples(ratios: Record<string, number>, remaining: number): PromSample[] {
  const sample = (name: string, value: number): PromSample => ({ labels: { __name__: name, sloth_id: id }, value });
  return [
    sample('slo:objective:ratio', 0.999),
    sample('slo:error_budget:ratio', 0.001),
    sample('slo:period_error_budget_remaining:ratio', remaining),
    ...Object.entries(ratios).map(([window, ratio]) => sample(`slo:sli_error:ratio_rate${window}`, ratio)),
  ];
}

const QUIET = { '5m': 0, '30m': 0, '1h': 0, '2h': 0, '6h': 0, '1d': 0, '3d': 0, '30d': 0 };

describe('SLO status', () => {
  it('asks for every rule of the SLOs in one query', () => {
    expect(statusQuery(specs)).toBe(
      '{__name__=~"slo:(sli_error:ratio_rate[0-9a-z]+|period_error_budget_remaining:ratio|error_budget:ratio|objective:ratio)", sloth_id=~"orders-api-availability"}',
    );
  });

  it('pages when both windows of a page condition burn faster than its rate', () => {
    const [status] = sloStatuses(specs, samples({ ...QUIET, '5m': 0.02, '1h': 0.015, '30d': 0.0005 }, 0.5));
    expect(status?.burnRates.find((burn) => burn.window === '5m')?.rate).toBeCloseTo(20);
    expect(status).toMatchObject({ state: 'ok', sli: 0.9995, budgetRemaining: 0.5, alert: 'page' });
  });

  it('opens a ticket, not a page, for a 2x burn over 6h and 3d', () => {
    const [status] = sloStatuses(specs, samples({ ...QUIET, '30m': 0.002, '2h': 0.002, '6h': 0.002, '1d': 0.002, '3d': 0.002 }, 0.9));
    expect(status?.alert).toBe('ticket');
  });

  it('needs both windows: a short spike alone fires nothing', () => {
    const [status] = sloStatuses(specs, samples({ ...QUIET, '5m': 0.5 }, 0.99));
    expect(status?.alert).toBe('none');
  });

  it('says when the rules are not loaded, and when there is no traffic (NaN ratios)', () => {
    expect(sloStatuses(specs, [])[0]).toMatchObject({ state: 'no-rules', sli: undefined, alert: undefined });
    const nan = Object.fromEntries(Object.keys(QUIET).map((window) => [window, Number.NaN]));
    expect(sloStatuses(specs, samples(nan, Number.NaN))[0]).toMatchObject({ state: 'ok', sli: undefined, alert: undefined });
  });

  it('prints a table with a burn column per alert window, coloured only when asked', () => {
    const statuses = sloStatuses(specs, samples({ ...QUIET, '5m': 0.02, '1h': 0.015, '30d': 0.0005 }, 0.5));
    expect(statusTables(statuses, painter(false))).toBe(
      [
        'SERVICE     SLO              OBJECTIVE       SLI  BUDGET LEFT  BURN 5M  BURN 30M  BURN 1H  BURN 2H  BURN 6H  BURN 1D  BURN 3D  ALERT',
        'orders-api  availability  99.9 % / 30d  99.950 %       50.0 %    20.0x     0.00x    15.0x    0.00x    0.00x    0.00x    0.00x  page',
        '',
      ].join('\n'),
    );
    const colored = statusTables(statuses, painter(true));
    expect(colored).toContain('\x1b[31m  20.0x\x1b[0m');
    expect(colored).toContain('\x1b[32m   0.00x\x1b[0m');
    expect(colored).toContain('\x1b[32m     50.0 %\x1b[0m');
  });
});
