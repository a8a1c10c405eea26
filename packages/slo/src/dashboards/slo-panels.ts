import { type AlertWindows, alertWindows, num, SLI_ERROR_RATIO } from '../rules/index.js';
import type { Slo } from '../spec/index.js';
import { type Layout, type Panel, row, stat, timeseries } from './panels.js';

const BUDGET_STEPS = [
  { color: 'red', value: null },
  { color: 'orange', value: 0.25 },
  { color: 'green', value: 0.5 },
];

/**
 * One SLO from its recording rules (`slo:*`, selected by `sloth_id`): objective, SLI and budget
 * remaining over the window, the burn rate over every alert window against the page and ticket
 * thresholds, and the budget remaining over time.
 */
export function sloPanels(layout: Layout, slo: Slo): Panel[] {
  const id = `{sloth_id=${JSON.stringify(slo.id)}}`;
  const windows = alertWindows(slo.window.seconds);
  // The layout places panels in the order they are made: the row, the stats, then the time series.
  return [
    row(layout, `SLO ${slo.name}: ${num(slo.objective)} % over ${slo.window.text}`),
    ...statPanels(layout, slo, id, windows),
    burnRatePanel(layout, id, windows),
    timeseries(layout, 12, {
      title: 'Error budget remaining',
      description: `The share of the ${slo.window.text} error budget left, over time.`,
      unit: 'percentunit',
      thresholds: BUDGET_STEPS,
      targets: [{ expr: `slo:period_error_budget_remaining:ratio${id}`, legendFormat: 'budget remaining' }],
    }),
  ];
}

/** Objective, SLI and budget remaining over the window, and the burn rate now. */
function statPanels(layout: Layout, slo: Slo, id: string, windows: AlertWindows): Panel[] {
  return [
    stat(layout, 6, {
      title: 'Objective',
      description: slo.description || `The share of good events ${slo.name} promises.`,
      unit: 'percentunit',
      targets: [{ expr: `slo:objective:ratio${id}` }],
    }),
    stat(layout, 6, {
      title: `SLI over ${slo.window.text}`,
      description: 'Good events over all events in the SLO window.',
      unit: 'percentunit',
      targets: [{ expr: `1 - ${SLI_ERROR_RATIO(windows.period)}${id}` }],
    }),
    stat(layout, 6, {
      title: 'Error budget remaining',
      description: `The share of the ${slo.window.text} error budget not yet spent (negative: overspent).`,
      unit: 'percentunit',
      thresholds: BUDGET_STEPS,
      targets: [{ expr: `slo:period_error_budget_remaining:ratio${id}` }],
    }),
    stat(layout, 6, {
      title: `Burn rate (${windows.recorded[0]})`,
      description: 'How fast the budget burns now: 1 spends it exactly over the window.',
      unit: 'x',
      thresholds: [
        { color: 'green', value: null },
        { color: 'orange', value: 1 },
        { color: 'red', value: windows.page[0].burnRate },
      ],
      targets: [{ expr: `slo:current_burn_rate:ratio${id}` }],
    }),
  ];
}

/** The burn rate over every alert window against the page and ticket thresholds. */
function burnRatePanel(layout: Layout, id: string, windows: AlertWindows): Panel {
  const burn = (window: string) =>
    `${SLI_ERROR_RATIO(window)}${id}\n/ on (sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${id}`;
  const thresholds = [...new Set([...windows.page, ...windows.ticket].map((condition) => condition.burnRate).sort((a, b) => a - b))].map(
    (rate, index, all) => ({ color: index === all.length - 1 ? 'red' : index === 0 ? 'yellow' : 'orange', value: rate }),
  );
  return timeseries(layout, 12, {
    title: 'Burn rate per alert window',
    description: `Error rate over each window as a multiple of the budget rate. Pages at ${windows.page
      .map((c) => `${num(c.burnRate)}x over ${c.long} and ${c.short}`)
      .join(' or ')}; tickets at ${windows.ticket.map((c) => `${num(c.burnRate)}x over ${c.long} and ${c.short}`).join(' or ')}.`,
    unit: 'x',
    min: 0,
    thresholds: [{ color: 'green', value: null }, ...thresholds],
    targets: windows.recorded.filter((window) => window !== windows.period).map((window) => ({ expr: burn(window), legendFormat: window })),
  });
}
