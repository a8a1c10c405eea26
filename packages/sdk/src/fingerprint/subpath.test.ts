import { readdirSync, readFileSync } from 'node:fs';
import { fingerprintFromStack } from '@sightline/sdk/fingerprint';
import { describe, expect, it } from 'vitest';
import { fingerprintError } from './index.js';

const IMPORT_FROM = /\bfrom\s+'([^']+)'/g;

describe('@sightline/sdk/fingerprint', () => {
  it('is importable by its subpath and gives the SDK its fingerprints', () => {
    const error = new TypeError('x is undefined');
    const stack = error.stack as string;
    expect(fingerprintFromStack('TypeError', stack, { root: process.cwd(), message: error.message })).toEqual(
      fingerprintError(error, error.message, process.cwd()),
    );
  });

  it('is a leaf: its modules import only Node built-ins and each other', () => {
    const folder = new URL('./', import.meta.url);
    const sources = readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const specifiers = sources.flatMap((name) => [...readFileSync(new URL(name, folder), 'utf8').matchAll(IMPORT_FROM)].map((m) => m[1]));
    expect(sources).toContain('index.ts');
    expect(specifiers.filter((specifier) => !specifier?.startsWith('node:') && !/^\.\/[a-z-]+\.js$/.test(specifier ?? ''))).toEqual([]);
  });
});
