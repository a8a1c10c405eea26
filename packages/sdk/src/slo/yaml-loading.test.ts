import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** In a fresh process: is the yaml package loaded after importing the SDK, and after a YAML text is parsed? */
const SCRIPT = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/yaml/'));
await import('@sightline/sdk');
const slo = await import('@sightline/slo');
const afterImport = loaded();
const specs = slo.parseSloSpecs('version: sightline/v1\\nservice: checkout\\nslos:\\n  - name: availability\\n    objective: 99.9\\n    sli: { availability: {} }\\n');
console.log(JSON.stringify({ afterImport, afterParse: loaded(), parsed: specs.length }));
`;

describe('the yaml package', () => {
  it('is loaded only once a YAML text is parsed, not by importing the SDK', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--conditions=sightline-source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      SCRIPT,
    ]);
    expect(JSON.parse(stdout.trim())).toEqual({ afterImport: false, afterParse: true, parsed: 1 });
  });
});
