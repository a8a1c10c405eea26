import type { SloDetail } from '../api/types.js';
import { BurnValue, ConditionState } from './slo-badges.js';
import { burnsOnPartialData, percent } from './slo-text.js';

/** Each alert condition's burn rates over its two windows, its threshold, and what it does now; what a burn rate is. */
export function BurnRateTable({ detail }: { detail: SloDetail }) {
  return (
    <>
      <table className="grid burn-table">
        <thead>
          <tr>
            <th>alert</th>
            <th className="num">long window</th>
            <th className="num">short window</th>
            <th className="num">threshold</th>
            <th>now</th>
          </tr>
        </thead>
        <tbody>
          {detail.conditions.map((condition) => (
            <tr
              key={`${condition.severity}-${condition.long}`}
              className={condition.firing ? 'firing' : burnsOnPartialData(condition) ? 'burning-partial' : undefined}
            >
              <td>
                <span className={`badge ${condition.severity === 'page' ? 'status-error' : 'severity-warn'}`}>{condition.severity}</span>
              </td>
              <td className="num">
                {condition.long}: <BurnValue slo={detail} window={condition.long} />
              </td>
              <td className="num">
                {condition.short}: <BurnValue slo={detail} window={condition.short} />
              </td>
              <td className="num">&gt; {condition.threshold}x</td>
              <td>
                <ConditionState slo={detail} condition={condition} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Burn rate: the error ratio over a window divided by the error budget ({percent(1 - detail.objective / 100, 2)}); 1x spends the
        budget exactly over
        {` ${detail.window}`}. An alert fires when both of its windows burn faster than its threshold (SRE workbook, multi-window
        multi-burn-rate), and only once the console holds data over its whole long window: a rate over the few minutes a young console holds
        is the rate of those minutes.
      </p>
    </>
  );
}
