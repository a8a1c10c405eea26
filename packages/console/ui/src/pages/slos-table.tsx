import type { SloStatus } from '../api/types.js';
import { ServiceName } from '../components/badges.js';
import { formatCount } from '../format.js';
import { Link } from '../router.js';
import { AlertBadge, BudgetBar, BurnValue } from './slo-badges.js';
import { budgetClass, budgetScope, percent, sliText } from './slo-text.js';

/** The SLOs, each with its objective, current ratio, budget left, 1h burn rate, requests and alert. */
export function SlosTable({ slos }: { slos: readonly SloStatus[] }) {
  return (
    <table className="grid slos-table">
      <thead>
        <tr>
          <th>SLO</th>
          <th className="num">objective</th>
          <th className="num">current</th>
          <th>error budget left</th>
          <th className="num">burn 1h</th>
          <th className="num">requests</th>
          <th>alert</th>
        </tr>
      </thead>
      <tbody>
        {slos.map((slo) => (
          <SloRow key={slo.id} slo={slo} />
        ))}
      </tbody>
    </table>
  );
}

function SloRow({ slo }: { slo: SloStatus }) {
  return (
    <tr className="slo-row">
      <td>
        <ServiceName name={slo.service} /> <Link href={`/slos/${encodeURIComponent(slo.id)}`}>{slo.name}</Link>
        <div className="muted small">{sliText(slo)}</div>
      </td>
      <td className="num">
        {slo.objective} % <span className="muted">/ {slo.window}</span>
      </td>
      <td className="num">{percent(slo.current, 3)}</td>
      <td className="nowrap">
        <BudgetBar remaining={slo.budgetRemaining} />{' '}
        <span className={budgetClass(slo.budgetRemaining)}>{percent(slo.budgetRemaining, 1)}</span>
        {slo.budgetRemaining === null ? null : <div className="muted small">{budgetScope(slo)}</div>}
      </td>
      <td className="num">
        <BurnValue slo={slo} window="1h" />
      </td>
      <td className="num">{formatCount(slo.total)}</td>
      <td>
        <AlertBadge slo={slo} />
      </td>
    </tr>
  );
}
