import type { Slo, SloSpec } from '../spec/index.js';
import { sliQueries } from './sli-queries.js';
import { type AlertWindows, alertWindows, type BurnCondition } from './windows.js';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Record<string, string>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: (RecordingRule | AlertingRule)[];
}

/** Sloth's rule names and labels, so dashboards and alerts written for Sloth's output keep working. */
export const SLI_ERROR_RATIO = (window: string) => `slo:sli_error:ratio_rate${window}`;

/** A number as PromQL reads it, without float noise (0.1 + 0.2 → 0.3). */
export const num = (value: number): string => String(Number(value.toPrecision(12)));

export interface GenerateOptions {
  /** Written into `sloth_slo_info` as `sloth_version`. */
  readonly version?: string;
}

/** Recording and alerting rule groups for every SLO of the specs: three groups per SLO, as Sloth writes them. */
export function ruleGroups(specs: readonly SloSpec[], options: GenerateOptions = {}): RuleGroup[] {
  return specs.flatMap((spec) => spec.slos.flatMap((slo) => sloGroups(spec, slo, options)));
}

function sloGroups(spec: SloSpec, slo: Slo, options: GenerateOptions): RuleGroup[] {
  const windows = alertWindows(slo.window.seconds);
  const ids = { sloth_id: slo.id, sloth_service: spec.service, sloth_slo: slo.name };
  const selector = `{sloth_id=${JSON.stringify(slo.id)}, sloth_service=${JSON.stringify(spec.service)}, sloth_slo=${JSON.stringify(slo.name)}}`;
  const groups: RuleGroup[] = [
    { name: `sloth-slo-sli-recordings-${slo.id}`, rules: sliRecordings(spec, slo, windows, ids, selector) },
    { name: `sloth-slo-meta-recordings-${slo.id}`, rules: metaRecordings(slo, windows, ids, selector, options) },
  ];
  const alerts = alertRules(spec, slo, windows, selector);
  if (alerts.length > 0) groups.push({ name: `sloth-slo-alerts-${slo.id}`, rules: alerts });
  return groups;
}

function sliRecordings(spec: SloSpec, slo: Slo, windows: AlertWindows, ids: Record<string, string>, selector: string): RecordingRule[] {
  const queries = sliQueries(slo.sli, spec.metrics);
  const at = (query: string, window: string) => query.replaceAll('{{.window}}', window);
  const short = windows.recorded[0]!;
  return windows.recorded.map((window) => {
    const labels = { ...slo.labels, ...ids, sloth_window: window };
    if (window === windows.period) {
      // The period's ratio averages the shortest window's ratios over it, as Sloth does: one
      // 30-day range query over raw series per evaluation would be far too heavy.
      const expr = `sum_over_time(${SLI_ERROR_RATIO(short)}${selector}[${window}])\n/ ignoring (sloth_window)\ncount_over_time(${SLI_ERROR_RATIO(short)}${selector}[${window}])`;
      return { record: SLI_ERROR_RATIO(window), expr, labels };
    }
    const expr =
      queries.kind === 'raw' ? `(${at(queries.errorRatio, window)})` : `(${at(queries.error, window)})\n/\n(${at(queries.total, window)})`;
    return { record: SLI_ERROR_RATIO(window), expr, labels };
  });
}

function metaRecordings(
  slo: Slo,
  windows: AlertWindows,
  ids: Record<string, string>,
  selector: string,
  options: GenerateOptions,
): RecordingRule[] {
  const labels = { ...slo.labels, ...ids };
  const objective = slo.objective / 100;
  const budgetRatio = (record: string) =>
    `${record}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`;
  return [
    { record: 'slo:objective:ratio', expr: `vector(${num(objective)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${num(1 - objective)})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${num(slo.window.seconds / 86_400)})`, labels },
    { record: 'slo:current_burn_rate:ratio', expr: budgetRatio(SLI_ERROR_RATIO(windows.recorded[0]!)), labels },
    { record: 'slo:period_burn_rate:ratio', expr: budgetRatio(SLI_ERROR_RATIO(windows.period)), labels },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${selector}`, labels },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: {
        ...labels,
        sloth_mode: 'sightline-slo-generate',
        sloth_objective: num(slo.objective),
        sloth_spec: 'prometheus/v1',
        sloth_version: options.version ?? 'sightline',
      },
    },
  ];
}

function burnExpr(conditions: readonly [BurnCondition, BurnCondition], budget: number, selector: string): string {
  const over = (window: string, rate: number) =>
    `max(${SLI_ERROR_RATIO(window)}${selector} > (${num(rate)} * ${num(budget)})) without (sloth_window)`;
  const both = (c: BurnCondition) => `(\n    ${over(c.short, c.burnRate)}\n    and\n    ${over(c.long, c.burnRate)}\n)`;
  return `${both(conditions[0])}\nor\n${both(conditions[1])}`;
}

/**
 * One SLO alert as it reaches Alertmanager, whoever evaluates it: the labels and annotations of
 * the generated Prometheus rule, plus the labels its expression carries over (the SLO's own
 * labels and Sloth's ids), so the console's evaluation of the same SLO sends the same alert and
 * the generated Alertmanager config routes both alike.
 */
export interface SloAlertDefinition {
  readonly severity: 'page' | 'ticket';
  readonly alertname: string;
  /** The rule's own labels (`severity`, `service`, `slo`, the spec's, `sloth_severity`). */
  readonly ruleLabels: Record<string, string>;
  /** Every label of the firing alert: the rule's and those of its expression's series. */
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** The page and ticket alerts of an SLO (those its spec does not disable). */
export function sloAlertDefinitions(spec: SloSpec, slo: Slo): SloAlertDefinition[] {
  const windows = alertWindows(slo.window.seconds);
  const { alerting } = slo;
  const ids = { sloth_id: slo.id, sloth_service: spec.service, sloth_slo: slo.name };
  const out: SloAlertDefinition[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const override = alerting[severity];
    if (override.disable) continue;
    const [quick, slow] = windows[severity];
    const hoursLeft = (c: BurnCondition) => (slo.window.seconds / 3_600 / c.burnRate).toFixed(0);
    const annotations: Record<string, string> = {
      summary: `${spec.service} ${slo.name}: error budget burning too fast (${severity})`,
      description:
        `SLO ${slo.name} of ${spec.service} (${num(slo.objective)} % over ${slo.window.text}): errors over ${quick.long} and ${quick.short} ` +
        `above ${num(quick.burnRate)}x the budget rate (budget gone in ~${hoursLeft(quick)} h), or over ${slow.long} and ${slow.short} ` +
        `above ${num(slow.burnRate)}x (~${hoursLeft(slow)} h).`,
      ...(alerting.runbookUrl === undefined ? {} : { runbook_url: alerting.runbookUrl }),
      ...alerting.annotations,
      ...override.annotations,
    };
    const ruleLabels = {
      severity,
      service: spec.service,
      slo: slo.name,
      ...alerting.labels,
      ...override.labels,
      sloth_severity: severity,
    };
    // Prometheus puts the rule's labels over those of the expression's series (the recordings').
    out.push({ severity, alertname: alerting.name, ruleLabels, labels: { ...slo.labels, ...ids, ...ruleLabels }, annotations });
  }
  return out;
}

function alertRules(spec: SloSpec, slo: Slo, windows: AlertWindows, selector: string): AlertingRule[] {
  const budget = 1 - slo.objective / 100;
  return sloAlertDefinitions(spec, slo).map((definition) => ({
    alert: definition.alertname,
    expr: burnExpr(windows[definition.severity], budget, selector),
    labels: definition.ruleLabels,
    annotations: definition.annotations,
  }));
}
