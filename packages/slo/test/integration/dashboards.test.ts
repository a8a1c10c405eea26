import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import {
  type Dashboard,
  dashboardQueries,
  type GridPos,
  parseSloSpecs,
  renderDashboard,
  type SloSpec,
  serviceDashboards,
} from '../../src/index.js';

const run = promisify(execFile);
const promtool = requireBinaries(['promtool'], 'prometheus');
const dir = mkdtempSync(join(tmpdir(), 'sightline-slo-dashboards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = `
version: sightline/v1
service: orders-api
metrics: { selector: { job: orders, env: prod }, prefix: shop_ }
slos:
  - name: availability
    objective: 99.9
    sli: { availability: { routes: [/orders] } }
  - name: latency
    objective: 99
    window: 28d
    sli: { latency: { threshold: 0.5, routes: [/orders] } }
---
version: sightline/v1
service: payments
slos:
  - name: jobs
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(jobs_failed_total[{{.window}}]))
        total_query: sum(rate(jobs_total[{{.window}}]))
`;

interface Target {
  refId: string;
  expr: string;
  exemplar?: boolean;
  datasource?: { uid: string };
}
interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: GridPos;
  datasource?: { type: string; uid: string };
  targets?: Target[];
}

/** The dashboards of these specs as Grafana reads them: written to JSON and parsed back. */
const parsed = (specs: SloSpec[]) =>
  serviceDashboards(specs).map(({ fileName, dashboard }) => ({ fileName, dashboard: JSON.parse(renderDashboard(dashboard)) as Dashboard }));

/** promtool check rules parses every expression: each panel query becomes a recording rule. */
async function checkWithPromtool(name: string, dashboard: Dashboard): Promise<{ queries: number; output: string }> {
  const queries = dashboardQueries(dashboard);
  const rules = queries.map((query, index) => ({ record: `check:query_${index}`, expr: query.expr }));
  const file = join(dir, `${name}.rules.yml`);
  writeFileSync(file, stringify({ groups: [{ name: `dashboard-${name}`, rules }] }, { lineWidth: 0 }));
  try {
    const { stdout, stderr } = await run(promtool.path('promtool'), ['check', 'rules', file]);
    return { queries: queries.length, output: stdout + stderr };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(
      `promtool check rules failed for ${name}:\n${stdout}${stderr}\n${queries.map((q) => `${q.panel} ${q.refId}: ${q.expr}`).join('\n')}`,
    );
  }
}

describe('Grafana dashboards from SLO specs', () => {
  const dashboards = parsed(parseSloSpecs(SPEC, { source: 'spec.yaml' }));

  it('makes one dashboard per service, with a stable uid', () => {
    expect(dashboards.map((d) => [d.fileName, d.dashboard.uid])).toEqual([
      ['orders-api.json', 'sightline-orders-api'],
      ['payments.json', 'sightline-payments'],
    ]);
  });

  it('shows golden signals on the service selector and prefix, with exemplars on every latency query', () => {
    const panels = dashboards[0]!.dashboard.panels as unknown as PanelJson[];
    const latency = panels.find((panel) => panel.title.startsWith('Latency'))!;
    expect(latency.targets?.map((target) => target.expr)).toEqual(
      [0.5, 0.95, 0.99].map(
        (q) =>
          `histogram_quantile(${q}, sum by (le) (rate(shop_http_server_request_duration_seconds_bucket{job="orders", env="prod"}[$__rate_interval])))`,
      ),
    );
    expect(latency.targets?.every((target) => target.exemplar === true)).toBe(true);
    const traffic = panels.find((panel) => panel.title.startsWith('Traffic'))!;
    expect(traffic.targets?.[0]?.expr).toBe(
      'sum by (http_route) (rate(shop_http_server_request_duration_seconds_count{job="orders", env="prod"}[$__rate_interval]))',
    );
  });

  it('shows each SLO: budget remaining and the burn rate over every alert window of its SLO window', () => {
    const panels = dashboards[0]!.dashboard.panels as unknown as PanelJson[];
    const burn = panels.filter((panel) => panel.title === 'Burn rate per alert window');
    expect(burn.map((panel) => panel.targets?.map((target) => target.expr.split('{')[0]))).toEqual([
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `slo:sli_error:ratio_rate${w}`),
      // 28d scales every window by 28/30.
      ['4m40s', '28m', '56m', '1h52m', '5h36m', '22h24m', '2d19h12m'].map((w) => `slo:sli_error:ratio_rate${w}`),
    ]);
    const budget = panels.filter((panel) => panel.type === 'stat' && panel.title === 'Error budget remaining');
    expect(budget.map((panel) => panel.targets?.[0]?.expr)).toEqual([
      'slo:period_error_budget_remaining:ratio{sloth_id="orders-api-availability"}',
      'slo:period_error_budget_remaining:ratio{sloth_id="orders-api-latency"}',
    ]);
  });

  it('lays panels out without overlap, each query on the dashboard’s data source variable', () => {
    for (const { dashboard } of dashboards) {
      const panels = dashboard.panels as unknown as PanelJson[];
      expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
      for (const [index, a] of panels.entries()) {
        expect(a.gridPos.x + a.gridPos.w).toBeLessThanOrEqual(24);
        for (const b of panels.slice(index + 1)) {
          const apart =
            a.gridPos.x + a.gridPos.w <= b.gridPos.x ||
            b.gridPos.x + b.gridPos.w <= a.gridPos.x ||
            a.gridPos.y + a.gridPos.h <= b.gridPos.y ||
            b.gridPos.y + b.gridPos.h <= a.gridPos.y;
          expect(apart, `${a.title} and ${b.title} overlap`).toBe(true);
        }
        if (a.type === 'row') continue;
        expect(a.datasource).toEqual({ type: 'prometheus', uid: '$datasource' });
        for (const target of a.targets ?? []) expect(target.datasource?.uid).toBe('$datasource');
      }
    }
  });

  describe.skipIf(promtool.skip)('every panel query under promtool', () => {
    it('parses for these specs and for every Sloth example spec', async () => {
      for (const { fileName, dashboard } of dashboards) {
        const { queries, output } = await checkWithPromtool(fileName, dashboard);
        expect(output).toContain(`SUCCESS: ${queries} rules found`);
      }
      const fixtures = join(import.meta.dirname, '..', 'fixtures', 'sloth');
      for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.yml'))) {
        for (const { fileName, dashboard } of parsed(parseSloSpecs(readFileSync(join(fixtures, name), 'utf8'), { source: name }))) {
          const { queries, output } = await checkWithPromtool(`${name}-${fileName}`, dashboard);
          expect(output).toContain(`SUCCESS: ${queries} rules found`);
        }
      }
    });

    it('fails promtool on a broken query, so the check means something', async () => {
      const [{ dashboard }] = dashboards as [{ dashboard: Dashboard }];
      const broken = {
        ...dashboard,
        panels: [
          {
            id: 1,
            type: 'timeseries',
            title: 'x',
            gridPos: { x: 0, y: 0, w: 1, h: 1 },
            targets: [{ refId: 'A', expr: 'sum(rate(x[5m])' }],
          },
        ],
      };
      await expect(checkWithPromtool('broken', broken as Dashboard)).rejects.toThrow(/promtool check rules failed/);
    });
  });
});
