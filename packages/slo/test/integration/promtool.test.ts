import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { type AlertingRule, parseSloSpecs, renderRuleFile, ruleGroups, type SloSpec, sloAlertDefinitions } from '../../src/index.js';

const run = promisify(execFile);
const promtool = requireBinaries(['promtool'], 'prometheus');
const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-promtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = `
version: sightline/v1
service: orders-api
labels: { team: shop }
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders] } }
    alerting: { runbook_url: "https://runbooks.example.com/orders" }
  - name: latency
    objective: 99
    sli: { latency: { threshold: 0.5, routes: [/orders] } }
`;

/** `promtool <args>`; resolves with its output, rejects with it on a non-zero exit. */
async function promtoolRun(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(promtool.path('promtool'), args, { cwd: dir });
    return stdout + stderr;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

function writeRules(name: string, specs: SloSpec[]): AlertingRule[] {
  const groups = ruleGroups(specs);
  writeFileSync(join(dir, name), renderRuleFile(groups));
  return groups.flatMap((group) => group.rules).filter((rule): rule is AlertingRule => 'alert' in rule);
}

const COUNT = 'http_server_request_duration_seconds_count';
const BUCKET = 'http_server_request_duration_seconds_bucket';
const series = (status: string, values: string, extra: Record<string, string> = {}, metric = COUNT) => ({
  series: `${metric}{${Object.entries({
    job: 'orders-api',
    http_route: '/orders',
    http_request_method: 'POST',
    http_response_status_code: status,
    ...extra,
  })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`,
  values,
});

/**
 * The alert as promtool reports it: the rule's labels and annotations, plus the SLO's ids from
 * its expression. Written as sloAlertDefinitions() gives it (what the console sends Alertmanager
 * for the same SLO), so each firing check also proves the two evaluators send the same alert.
 */
function firing(rule: AlertingRule, slo: string) {
  const [spec] = parseSloSpecs(SPEC, { source: 'orders.slo.yaml' });
  const definition = sloAlertDefinitions(spec!, spec!.slos.find((entry) => entry.name === slo)!).find(
    (entry) => entry.severity === rule.labels.sloth_severity,
  )!;
  expect(definition.labels).toEqual({
    ...rule.labels,
    team: 'shop',
    sloth_id: `orders-api-${slo}`,
    sloth_service: 'orders-api',
    sloth_slo: slo,
  });
  expect(definition.alertname).toBe(rule.alert);
  return { exp_labels: definition.labels, exp_annotations: definition.annotations };
}

describe.skipIf(promtool.skip)('generated rules under promtool', () => {
  const specs = parseSloSpecs(SPEC, { source: 'orders.slo.yaml' });
  const alerts = writeRules('orders.rules.yml', specs);
  const rule = (slo: string, severity: string) => alerts.find((a) => a.labels.slo === slo && a.labels.sloth_severity === severity)!;

  it('pass promtool check rules', async () => {
    expect(await promtoolRun('check', 'rules', 'orders.rules.yml')).toMatch(/SUCCESS: 34 rules found/);
  });

  it('pass for every Sloth example spec, taken as it is', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sloth');
    for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.yml'))) {
      writeRules(`sloth-${name}`, parseSloSpecs(readFileSync(join(fixtures, name), 'utf8'), { source: name }));
      expect(await promtoolRun('check', 'rules', `sloth-${name}`)).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it('page on a total outage within 10 minutes, open a ticket on a 2x burn for 6 hours without paging, stay silent when healthy', async () => {
    const page = rule('availability', 'page');
    const ticket = rule('availability', 'ticket');
    const name = page.alert;
    const tests = {
      rule_files: ['orders.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          // Healthy for 3 h (100 req/min, no errors), then every request fails from minute 180.
          interval: '1m',
          input_series: [series('200', '0+100x180 18000+0x30'), series('500', '0+0x180 0+100x30')],
          alert_rule_test: [
            { eval_time: '179m', alertname: name, exp_alerts: [] },
            { eval_time: '190m', alertname: name, exp_alerts: [firing(page, 'availability'), firing(ticket, 'availability')] },
          ],
        },
        {
          // 0.2 % of requests fail for 6 h: twice the rate a 99.9 % objective allows.
          interval: '1m',
          input_series: [series('200', '0+998x360'), series('500', '0+2x360')],
          alert_rule_test: [
            { eval_time: '1h', alertname: name, exp_alerts: [firing(ticket, 'availability')] },
            { eval_time: '6h', alertname: name, exp_alerts: [firing(ticket, 'availability')] },
          ],
        },
        {
          // 0.05 % errors for a day: half the budget rate.
          interval: '1m',
          input_series: [series('200', '0+1999x1440'), series('500', '0+1x1440')],
          alert_rule_test: ['10m', '1h', '6h', '1d'].map((eval_time) => ({ eval_time, alertname: name, exp_alerts: [] })),
        },
      ],
    };
    writeFileSync(join(dir, 'availability.test.yml'), stringify(tests));
    expect(await promtoolRun('test', 'rules', 'availability.test.yml')).toMatch(/SUCCESS/);
  });

  it('reads a service without any 5xx series as error-free, and counts a budget over the minutes with requests, not only those with errors', async () => {
    const labels = (window: string) =>
      `{sloth_id="orders-api-availability",sloth_service="orders-api",sloth_slo="availability",sloth_window="${window}",team="shop"}`;
    const budget = 'slo:period_error_budget_remaining:ratio{sloth_slo="availability"}';
    const tests = {
      rule_files: ['orders.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          // Healthy (100 req/min) and never a server error: the SDK has no 5xx series to export.
          interval: '1m',
          input_series: [series('200', '0+100x120')],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate5m{sloth_slo="availability"}',
              eval_time: '1h',
              exp_samples: [{ labels: `slo:sli_error:ratio_rate5m${labels('5m')}`, value: 0 }],
            },
            {
              expr: budget,
              eval_time: '2h',
              exp_samples: [{ labels: `slo:period_error_budget_remaining:ratio${labels('30d')}`, value: 1 }],
            },
          ],
        },
        {
          // 1 failure a minute beside 100 successes for an hour, then a restart: the 5xx series is
          // gone for the next 10 h. 60 of 66,060 requests failed: ~91 % of a 99.9 % budget spent,
          // ~9 % left (the ratio averaged over minutes with requests); averaged over the error
          // minutes alone it read -0.9, a budget spent twice over.
          interval: '1m',
          input_series: [series('200', '0+100x660'), series('500', '0+1x60 _x600')],
          promql_expr_test: [
            {
              expr: `(${budget} > bool 0.05) * (${budget} < bool 0.15)`,
              eval_time: '660m',
              exp_samples: [{ labels: labels('30d'), value: 1 }],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'no-errors.test.yml'), stringify(tests));
    expect(await promtoolRun('test', 'rules', 'no-errors.test.yml')).toMatch(/SUCCESS/);
  });

  it('page when every request is slower than the latency threshold, and record the error ratio and budget', async () => {
    const page = rule('latency', 'page');
    const ticket = rule('latency', 'ticket');
    const bucket = (le: string, values: string) => series('200', values, { le }, BUCKET);
    const tests = {
      rule_files: ['orders.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          // 100 req/min, all under 0.5 s for 2 h, then all between 0.5 s and 1 s.
          interval: '1m',
          input_series: [
            series('200', '0+100x150'),
            bucket('0.5', '0+100x120 12000+0x30'),
            bucket('1', '0+100x150'),
            bucket('+Inf', '0+100x150'),
          ],
          alert_rule_test: [
            { eval_time: '119m', alertname: page.alert, exp_alerts: [] },
            { eval_time: '130m', alertname: page.alert, exp_alerts: [firing(page, 'latency'), firing(ticket, 'latency')] },
          ],
          promql_expr_test: [
            {
              expr: 'slo:sli_error:ratio_rate5m{sloth_slo="latency"}',
              eval_time: '130m',
              exp_samples: [
                {
                  labels:
                    'slo:sli_error:ratio_rate5m{sloth_id="orders-api-latency",sloth_service="orders-api",sloth_slo="latency",sloth_window="5m",team="shop"}',
                  value: 1,
                },
              ],
            },
            {
              expr: 'slo:error_budget:ratio{sloth_slo="latency"}',
              eval_time: '1m',
              exp_samples: [
                {
                  labels:
                    'slo:error_budget:ratio{sloth_id="orders-api-latency",sloth_service="orders-api",sloth_slo="latency",team="shop"}',
                  value: 0.01,
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'latency.test.yml'), stringify(tests));
    expect(await promtoolRun('test', 'rules', 'latency.test.yml')).toMatch(/SUCCESS/);
  });
});
