import { describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../sightline-error/index.js';
import { connectionTarget, resolvePoolOptions } from './pool-options.js';

describe('resolvePoolOptions', () => {
  it('fills in the defaults', () => {
    expect(resolvePoolOptions()).toEqual({ slowQueryMs: 500, name: 'default' });
  });

  it('rejects bad values with a SightlineConfigError naming the option', () => {
    expect(() => resolvePoolOptions({ slowQueryMs: -1 })).toThrow(SightlineConfigError);
    expect(() => resolvePoolOptions({ slowQueryMs: -1 })).toThrow(/instrumentPool slowQueryMs/);
    expect(() => resolvePoolOptions({ name: '' })).toThrow(/instrumentPool name/);
    expect(() => resolvePoolOptions({ slowQuery: 5 })).toThrow(/slowQuery/);
  });
});

describe('connectionTarget', () => {
  it('prefers explicit pool options', () => {
    expect(connectionTarget({ host: 'db', port: 6543, database: 'shop' }, {})).toEqual({ address: 'db', port: 6543, database: 'shop' });
  });

  it('reads the connection string when options do not say', () => {
    expect(connectionTarget({ connectionString: 'postgres://u:secret@pg.internal:5433/orders' }, {})).toEqual({
      address: 'pg.internal',
      port: 5433,
      database: 'orders',
    });
  });

  it('falls back to the PG* environment, then to libpq defaults', () => {
    expect(connectionTarget({}, { PGHOST: 'envhost', PGPORT: '5999', PGDATABASE: 'envdb' })).toEqual({
      address: 'envhost',
      port: 5999,
      database: 'envdb',
    });
    expect(connectionTarget({}, {})).toEqual({ address: 'localhost', port: 5432, database: undefined });
  });
});
