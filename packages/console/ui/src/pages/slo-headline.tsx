import type { SloDetail } from '../api/types.js';
import { formatCount } from '../format.js';
import { budgetClass, budgetScope, percent } from './slo-text.js';

/** The SLO's objective, where it stands now, and the budget it has left. */
export function SloHeadline({ detail }: { detail: SloDetail }) {
  return (
    <div className="slo-headline">
      <div>
        <div className="muted">objective</div>
        <strong>{detail.objective} %</strong> <span className="muted">over {detail.window}</span>
      </div>
      <div>
        <div className="muted">current</div>
        <strong>{percent(detail.current, 3)}</strong>{' '}
        <span className="muted">
          ({formatCount(detail.bad)} bad of {formatCount(detail.total)})
        </span>
      </div>
      <div>
        <div className="muted">error budget left</div>
        <strong className={budgetClass(detail.budgetRemaining)}>{percent(detail.budgetRemaining, 1)}</strong>{' '}
        {detail.budgetRemaining === null ? null : <span className="muted">{budgetScope(detail)}</span>}
      </div>
    </div>
  );
}
