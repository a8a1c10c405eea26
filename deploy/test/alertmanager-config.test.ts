import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireBinaries } from '../../packages/sdk/test/support/system-binary.js';

const run = promisify(execFile);
const amtool = requireBinaries(['amtool'], 'prometheus-alertmanager');
const config = fileURLToPath(new URL('../alertmanager/alertmanager.yml', import.meta.url));

describe.skipIf(amtool.skip)('deploy/alertmanager/alertmanager.yml', () => {
  it('passes amtool check-config', async () => {
    const { stdout } = await run(amtool.path('amtool'), ['check-config', config]);
    expect(stdout).toMatch(/SUCCESS[\s\S]*2 inhibit rules[\s\S]*2 receivers/);
  });

  it('pages for the SLO pages and ServiceDown, opens tickets for the rest', async () => {
    const receiver = async (...labels: string[]) =>
      (await run(amtool.path('amtool'), ['config', 'routes', 'test', `--config.file=${config}`, ...labels])).stdout.trim();
    expect(await receiver('alertname=OrdersAvailability', 'severity=page', 'service=orders-api', 'slo=orders-availability')).toBe('page');
    expect(await receiver('alertname=ServiceDown', 'severity=critical', 'service=payments')).toBe('page');
    expect(await receiver('alertname=ChargesAvailability', 'severity=ticket', 'service=payments')).toBe('ticket');
    expect(await receiver('alertname=DbPoolExhausted', 'severity=warning', 'service=orders-api')).toBe('ticket');
  });
});
