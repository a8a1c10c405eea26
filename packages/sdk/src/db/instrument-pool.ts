import { context } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import type { Observer } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { dbClientMetricsFor } from './db-client-metrics.js';
import { connectionTarget, type InstrumentPoolOptions, resolvePoolOptions } from './pool-options.js';
import { DB_SYSTEM, QueryInfoCache } from './query-info.js';
import { type PoolInstrumentation, type QueryFunction, traceQuery } from './traced-query.js';

const kInstrumented = Symbol('sightline.pg.instrumented');
const kQueryWrapped = Symbol('sightline.pg.queryWrapped');
const kCheckedOut = Symbol('sightline.pg.checkedOut');

type InstrumentedPool = Pool & { [kInstrumented]?: true };
type InstrumentedClient = PoolClient & { [kQueryWrapped]?: true; [kCheckedOut]?: PoolInstrumentation };
type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, done: (release?: Error | boolean) => void) => void;

/** Shared by every pool: texts repeat across pools of one app, and the entries hold no pool state. */
const queries = new QueryInfoCache(500);

/**
 * Wraps the client's query once (per physical connection). It traces only while the app holds
 * the client from pool.connect(): when pool.query() borrows the same connection internally,
 * its own span already covers the query, so the client stays silent.
 */
function wrapClientQuery(client: InstrumentedClient): void {
  if (client[kQueryWrapped] === true) return;
  client[kQueryWrapped] = true;
  const original = client.query as unknown as QueryFunction;
  client.query = function tracedClientQuery(this: unknown, ...args: unknown[]) {
    const instrumentation = client[kCheckedOut];
    return instrumentation === undefined ? original.apply(this, args) : traceQuery(instrumentation, original, this, args);
  } as PoolClient['query'];
}

/** Marks a client as held by the app until it is released; returns the release to hand out. */
function checkOut(client: InstrumentedClient, instrumentation: PoolInstrumentation): PoolClient['release'] {
  wrapClientQuery(client);
  client[kCheckedOut] = instrumentation;
  const release = client.release;
  const tracedRelease = function tracedRelease(this: unknown, error?: Error | boolean) {
    client[kCheckedOut] = undefined;
    client.release = release;
    return release.call(this, error);
  };
  client.release = tracedRelease;
  return tracedRelease;
}

/** What every query of the pool is traced, measured and logged with. */
function poolInstrumentation(
  observer: Observer,
  target: InstrumentedPool,
  options: ReturnType<typeof resolvePoolOptions>,
): PoolInstrumentation {
  const metrics = dbClientMetricsFor(observer);
  metrics.addPool(options.name, target);
  const server = connectionTarget(target.options ?? {});
  const namespace = options.dbNamespace ?? server.database;
  return {
    tracer: observer.tracer,
    logger: observer.logger,
    metrics: observer.options.metrics.enabled ? metrics : undefined,
    queries,
    attributes: {
      'db.system.name': DB_SYSTEM,
      ...(namespace !== undefined ? { 'db.namespace': namespace } : {}),
      'server.address': server.address,
      'server.port': server.port,
    },
    slowQueryMs: options.slowQueryMs,
    poolName: options.name,
    reportInternalError: (component, error) => observer.reportInternalError(component, error),
  };
}

/** Wraps the pool's own query() and connect() (the instance's, not the prototype's). */
function wrapPoolMethods(target: InstrumentedPool, instrumentation: PoolInstrumentation): void {
  const originalQuery = target.query as unknown as QueryFunction;
  const originalConnect = target.connect as unknown as (callback?: ConnectCallback) => Promise<PoolClient> | undefined;
  // pg-pool's query() calls this.connect() synchronously; that checkout is the pool's, not the app's.
  let poolQueryCheckout = false;
  const runPoolQuery: QueryFunction = function runPoolQuery(this: unknown, ...args: unknown[]) {
    poolQueryCheckout = true;
    try {
      return originalQuery.apply(this, args);
    } finally {
      poolQueryCheckout = false;
    }
  };

  target.query = function tracedPoolQuery(this: unknown, ...args: unknown[]) {
    return traceQuery(instrumentation, runPoolQuery, this, args);
  } as Pool['query'];

  target.connect = function tracedConnect(this: unknown, callback?: ConnectCallback) {
    if (poolQueryCheckout) return originalConnect.call(this, callback);
    if (typeof callback !== 'function') {
      return (originalConnect.call(this) as Promise<PoolClient>).then((client) => {
        checkOut(client, instrumentation);
        return client;
      });
    }
    // A queued checkout is answered from whichever release frees a client; bind so queries
    // made in the callback are children of the span that asked for the connection.
    return originalConnect.call(
      this,
      context.bind(
        context.active(),
        (error: Error | undefined, client: PoolClient | undefined, done: (release?: Error | boolean) => void) => {
          if (client === undefined) return callback(error, client, done);
          return callback(error, client, checkOut(client, instrumentation));
        },
      ),
    );
  } as Pool['connect'];
}

/**
 * Instruments one node-postgres Pool: every query made with `pool.query()`, or with a client
 * from `pool.connect()`, becomes a CLIENT span with OpenTelemetry's stable database attributes,
 * a `db_client_operation_duration_seconds` observation and, when slow, a warn line. Only this
 * pool's instance methods are wrapped; the pg module and other pools are left alone.
 * Returns the same pool; instrumenting it twice is a no-op.
 */
export function instrumentPool<P extends Pool>(observer: Observer, pool: P, options?: InstrumentPoolOptions): P {
  const resolved = resolvePoolOptions(options);
  const target = pool as InstrumentedPool;
  if (typeof target?.query !== 'function' || typeof target.connect !== 'function') {
    throw new SightlineConfigError(['instrumentPool pool: expected a pg Pool (an object with query() and connect())']);
  }
  if (target[kInstrumented] === true) return pool;

  wrapPoolMethods(target, poolInstrumentation(observer, target, resolved));

  // pg-pool emits 'error' when an idle client's connection fails (Postgres restarted or
  // failed over, the backend was terminated); with no listener that crashes the process. The
  // pool has already dropped the client and connects a new one at the next checkout.
  const emitter = target as unknown as { on?: (event: 'error', listener: (error: Error) => void) => unknown };
  emitter.on?.('error', (error) => {
    observer.logger.warn({ err: error, db_client_connection_pool_name: resolved.name }, 'idle Postgres client failed; the pool dropped it');
  });

  target[kInstrumented] = true;
  return pool;
}
