import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../../test/support/capture-io.js';
import { runCli } from '../../program.js';

const dir = mkdtempSync(join(tmpdir(), 'sightline-read-specs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = (service: string) =>
  `version: sightline/v1\nservice: ${service}\nslos:\n  - name: availability\n    objective: 99.9\n    sli: { availability: {} }\n`;
writeFileSync(join(dir, 'orders.slo.yaml'), spec('orders-api'));
writeFileSync(join(dir, 'orders-copy.slo.yaml'), spec('orders-api'));
writeFileSync(join(dir, 'payments.slo.yaml'), spec('payments'));

async function run(...args: string[]) {
  const cli = captureIo({}, dir);
  const code = await runCli(args, cli.io);
  return { code, out: cli.out(), err: cli.err() };
}

describe('SLO spec files given together', () => {
  it.each(['validate', 'generate'])(
    '%s refuses an SLO defined twice across them (its rule groups would repeat, which promtool refuses)',
    async (command) => {
      const twice = await run('slo', command, 'orders.slo.yaml', 'orders.slo.yaml');
      expect(twice.code).toBe(1);
      expect(twice.err).toContain('orders.slo.yaml: SLO orders-api-availability is also defined in an earlier argument');
      const copied = await run('slo', command, 'orders.slo.yaml', 'orders-copy.slo.yaml');
      expect(copied.code).toBe(1);
      expect(copied.err).toContain('orders-copy.slo.yaml: SLO orders-api-availability is also defined in orders.slo.yaml');
    },
  );

  it("says a bad --sloth-window as the flag's mistake (exit 2), not as each spec file's", async () => {
    const result = await run('slo', 'generate', 'orders.slo.yaml', '--sloth-window', '30days');
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe(
      'sightline: --sloth-window: unknown window "30days": use whole days or weeks from 7d to 90d, such as 28d, 30d or 4w',
    );
  });

  it('takes distinct SLOs from several files', async () => {
    const both = await run('slo', 'generate', 'orders.slo.yaml', 'payments.slo.yaml');
    expect(both.code).toBe(0);
    expect(both.out).toContain('sloth-slo-sli-recordings-orders-api-availability');
    expect(both.out).toContain('sloth-slo-sli-recordings-payments-availability');
  });
});
