import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { requireBinaries } from '../../packages/sdk/test/support/system-binary.js';
import { type Dashboard, dashboardQueries } from '../../packages/slo/src/index.js';

const run = promisify(execFile);
const promtool = requireBinaries(['promtool'], 'prometheus');
const dashboardsDir = new URL('../grafana/dashboards/', import.meta.url);
const dashboards = readdirSync(dashboardsDir).map((name) => ({
  name,
  dashboard: JSON.parse(readFileSync(new URL(name, dashboardsDir), 'utf8')) as Dashboard,
}));

describe('deploy/grafana/dashboards', () => {
  it('has a dashboard per example service, provisioned from where docker-compose.yml mounts them', () => {
    expect(dashboards.map(({ name, dashboard }) => [name, dashboard.uid])).toEqual([
      ['orders-api.json', 'sightline-orders-api'],
      ['payments.json', 'sightline-payments'],
    ]);
    const provisioning = parse(readFileSync(new URL('../grafana/provisioning/dashboards/dashboards.yaml', import.meta.url), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as {
      services: { grafana: { volumes: string[] } };
    };
    expect(provisioning.providers[0]?.type).toBe('file');
    expect(compose.services.grafana.volumes).toContain(`./grafana/dashboards:${provisioning.providers[0]?.options.path}:ro`);
  });

  describe.skipIf(promtool.skip)('under promtool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-deploy-dashboards-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every panel query parses (each written as a recording rule for promtool check rules)', async () => {
      for (const { name, dashboard } of dashboards) {
        const queries = dashboardQueries(dashboard);
        const file = join(dir, `${name}.rules.yml`);
        const rules = queries.map((query, index) => ({ record: `check:query_${index}`, expr: query.expr }));
        writeFileSync(file, stringify({ groups: [{ name, rules }] }, { lineWidth: 0 }));
        const { stdout } = await run(promtool.path('promtool'), ['check', 'rules', file]);
        expect(stdout).toContain(`SUCCESS: ${queries.length} rules found`);
        expect(queries.length).toBeGreaterThan(10);
      }
    });
  });
});
