import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../../packages/cli/src/program.js';
import { captureIo } from '../../packages/cli/test/support/capture-io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SPECS = ['examples/orders-api/sightline.slo.yaml', 'examples/payments/sightline.slo.yaml'];

/** Each committed file generated from deploy/slo, and the command (run from the repository root) that writes it: deploy/README.md lists the same. */
const GENERATED = [
  { file: 'deploy/slo/slo.rules.yml', argv: ['slo', 'generate', ...SPECS] },
  { file: 'deploy/alertmanager/alertmanager.yml', argv: ['slo', 'alertmanager', ...SPECS, '--webhook-url', 'http://127.0.0.1:5001/'] },
];

describe('files generated from the examples SLO specs', () => {
  for (const { file, argv } of GENERATED) {
    it(`${file} is what \`sightline ${argv.join(' ')}\` writes now`, async () => {
      const cli = captureIo({}, root);
      expect(await runCli(argv, cli.io), cli.err()).toBe(0);
      expect(cli.out(), `${file} is stale: run npm run sightline -- ${argv.join(' ')} > ${file}`).toBe(
        readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'),
      );
    });
  }

  it('deploy/grafana/dashboards/*.json are what `sightline slo dashboards ... --out deploy/grafana/dashboards` writes now', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sightline-deploy-dashboards-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const cli = captureIo({}, root);
    expect(await runCli(['slo', 'dashboards', ...SPECS, '--out', out], cli.io), cli.err()).toBe(0);
    const committed = new URL('../grafana/dashboards/', import.meta.url);
    expect(readdirSync(committed).sort()).toEqual(readdirSync(out).sort());
    for (const name of readdirSync(out)) {
      expect(readFileSync(new URL(name, committed), 'utf8'), `deploy/grafana/dashboards/${name} is stale`).toBe(
        readFileSync(join(out, name), 'utf8'),
      );
    }
  });
});
