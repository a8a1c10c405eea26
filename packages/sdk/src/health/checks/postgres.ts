import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { parseCheckerOptions, settingsShape } from './checker-options.js';

/**
 * What the check needs from a node-postgres Pool, typed by shape so `pg` is never imported:
 * `query()`, and the pool counters when the client is a Pool (a single Client has none).
 */
export interface PostgresClientLike {
  query(text: string): Promise<unknown>;
  readonly totalCount?: number;
  readonly idleCount?: number;
  readonly waitingCount?: number;
  readonly ending?: boolean;
  readonly ended?: boolean;
  readonly options?: { readonly max?: number | undefined };
}

export interface PostgresCheckOptions extends CheckSettings {
  /** Default `postgres`. */
  readonly name?: string;
  /** The ping; default `SELECT 1`. */
  readonly query?: string;
}

const optionsSchema = z.object({ ...settingsShape, query: z.string().min(1).optional() }).strict();

/** pg-pool's own default when the app sets no max. */
const PG_DEFAULT_MAX = 10;

// A type alias, not an interface: it is also the check's details record.
type PoolCounts = {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
};

function countsOf(client: PostgresClientLike): PoolCounts | undefined {
  if (typeof client.totalCount !== 'number' || typeof client.idleCount !== 'number') return undefined;
  return {
    total: client.totalCount,
    idle: client.idleCount,
    waiting: typeof client.waitingCount === 'number' ? client.waitingCount : 0,
    max: Number(client.options?.max ?? PG_DEFAULT_MAX),
  };
}

function describe(counts: PoolCounts): string {
  return `${counts.total - counts.idle}/${counts.max} connections in use, ${counts.waiting} waiting`;
}

/**
 * Pings Postgres through the app's pool. A failing ping is unhealthy. A pool with every
 * connection in use, or clients waiting for one, is degraded: the database answers, the
 * service is saturated. An exhausted pool is not pinged (the ping would only queue behind the
 * app's own queries and add to the wait).
 */
export function postgresCheck(client: PostgresClientLike, options: PostgresCheckOptions = {}): HealthCheck {
  const { name = 'postgres', query = 'SELECT 1', ...settings } = parseCheckerOptions('postgresCheck', optionsSchema, options);
  if (typeof client?.query !== 'function') {
    throw new SightlineConfigError(['postgresCheck client: expected a pg Pool or Client (an object with query())']);
  }
  return {
    ...(settings as CheckSettings),
    name,
    async check(): Promise<CheckOutcome | undefined> {
      if (client.ending === true || client.ended === true) return { status: 'unhealthy', message: 'the pool has been ended' };
      const before = countsOf(client);
      if (before !== undefined && before.idle === 0 && before.total >= before.max) {
        return { status: 'degraded', message: `pool exhausted: ${describe(before)}`, details: before };
      }
      await client.query(query);
      const after = countsOf(client);
      if (after === undefined) return undefined;
      if (after.waiting > 0) return { status: 'degraded', message: `clients waiting for a connection: ${describe(after)}`, details: after };
      return { status: 'healthy', details: after };
    },
  };
}
