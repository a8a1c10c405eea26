export { renderRuleFile, withCommentHeader } from './render.js';
export {
  type AlertingRule,
  type GenerateOptions,
  num,
  type RecordingRule,
  type RuleGroup,
  ruleGroups,
  SLI_ERROR_RATIO,
  type SloAlertDefinition,
  sloAlertDefinitions,
} from './rule-groups.js';
export { type SliQueries, sliQueries } from './sli-queries.js';
export {
  type AlertWindowSeconds,
  type AlertWindows,
  alertWindowSeconds,
  alertWindows,
  type BurnCondition,
  type BurnConditionSeconds,
} from './windows.js';
