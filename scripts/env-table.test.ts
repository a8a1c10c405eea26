import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEnvTable } from './env-table.js';

describe('the root README configuration table', () => {
  it('is the table rendered from the SDK env table (run `npx tsx scripts/env-table.ts` to refresh it)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderEnvTable());
  });
});
