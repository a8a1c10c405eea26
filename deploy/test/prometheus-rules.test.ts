import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireBinaries } from '../../packages/sdk/test/support/system-binary.js';

const run = promisify(execFile);
const promtool = requireBinaries(['promtool'], 'prometheus');
const deployDir = fileURLToPath(new URL('..', import.meta.url));

/** `promtool <args>` from deploy/; resolves with its output, rejects with it on a non-zero exit. */
async function promtoolRun(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(promtool.path('promtool'), args, { cwd: deployDir });
    return stdout + stderr;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

const ruleFiles = [
  ...readdirSync(new URL('../prometheus/rules', import.meta.url))
    .filter((name) => name.endsWith('.rules.yml'))
    .map((name) => `prometheus/rules/${name}`),
  ...readdirSync(new URL('../slo', import.meta.url))
    .filter((name) => name.endsWith('.rules.yml'))
    .map((name) => `slo/${name}`),
];

describe.skipIf(promtool.skip)('deploy rule files under promtool', () => {
  it('has the service alerts and the generated SLO rules', () => {
    expect(ruleFiles.sort()).toEqual(['prometheus/rules/service.rules.yml', 'slo/slo.rules.yml']);
  });

  it('pass promtool check rules', async () => {
    for (const file of ruleFiles) expect(await promtoolRun('check', 'rules', file)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('each service alert fires on a bad series and stays silent on a healthy one (promtool test rules)', async () => {
    const tests = readdirSync(new URL('../prometheus/rules/tests', import.meta.url)).map((name) => `prometheus/rules/tests/${name}`);
    expect(tests).toEqual(['prometheus/rules/tests/service.test.yml']);
    const output = await promtoolRun('test', 'rules', ...tests);
    expect(output).toMatch(/SUCCESS/);
    expect(output).not.toMatch(/FAILED/);
  });
});
