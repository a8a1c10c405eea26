import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createObserver } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { loadSentry } from './sentry-module.js';

describe('loadSentry', () => {
  it('loads the installed @sentry/node', () => {
    expect(typeof (loadSentry() as unknown as { NodeClient: unknown }).NodeClient).toBe('function');
  });

  it('names the missing peer dependency when @sentry/node cannot be found', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'sightline-no-sentry-'));
    try {
      let thrown: unknown;
      try {
        loadSentry(join(elsewhere, 'app.js'));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SightlineConfigError);
      expect(thrown).toMatchObject({ code: 'SL_PEER_DEPENDENCY_MISSING' });
      expect((thrown as Error).message).toContain('npm install @sentry/node');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('errors.sentry options', () => {
  it('refuses a DSN Sentry would not accept, naming the option or the variable', () => {
    const create = (env: Record<string, string>, dsn?: string) => () =>
      createObserver({ env, registerGlobal: false, ...(dsn === undefined ? {} : { errors: { sentry: { dsn } } }) });

    expect(create({}, 'https://sentry.example.com/42')).toThrow(/errors\.sentry\.dsn: expected a Sentry DSN/);
    expect(create({ SENTRY_DSN: 'not a dsn' })).toThrow(/errors\.sentry\.dsn: expected a Sentry DSN.*\(set by SENTRY_DSN\)/);
  });
});
