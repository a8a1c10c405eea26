export { evaluateSlo, sloCountsQuery, type TrackedSlo } from './evaluate.js';
export {
  BUCKET_NS,
  type BudgetPoint,
  type BurnCondition,
  type BurnRate,
  budgetSeries,
  type SloStatus,
  sloStatus,
  trackedSlos,
} from './slo-status.js';
