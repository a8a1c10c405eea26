import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeTsBlock } from './support/readme-example.js';
// Its tests run as part of this file, as they would in a user's suite.
import '../examples/instrumentation.test.js';

describe('the SDK README testing example', () => {
  it('is the examples/instrumentation.test.ts file, verbatim', () => {
    const example = readFileSync(new URL('../examples/instrumentation.test.ts', import.meta.url), 'utf8');
    expect(readmeTsBlock('## Testing your instrumentation')).toBe(example);
  });
});
