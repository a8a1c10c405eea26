import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createObserver } from '@sightline/sdk';
import { instrumentPool } from '@sightline/sdk/pg';
import pg from 'pg';
import { createOrdersApp } from './app.js';
import { readOrdersConfig } from './config.js';
import { startDatabase } from './database.js';
import { migrate, seed } from './db/index.js';

const config = readOrdersConfig(process.env);
// The SLOs of sightline.slo.yaml, the file `sightline slo generate` reads, counted in process too.
// The release it runs (service.version): error groups say which one an error was first seen in.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const observer = createObserver({
  serviceName: 'orders-api',
  serviceVersion: version,
  slo: { spec: fileURLToPath(new URL('../sightline.slo.yaml', import.meta.url)) },
});
const database = await startDatabase({
  env: { DATABASE_URL: config.databaseUrl },
  ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
  ...(config.pgPort === undefined ? {} : { port: config.pgPort }),
});
// A checkout waits at most connectionTimeoutMillis for a connection: with Postgres gone,
// requests fail (503 database_unavailable) instead of piling up behind the pool.
const pool = instrumentPool(
  observer,
  new pg.Pool({ connectionString: database.connectionString, max: 10, connectionTimeoutMillis: 2000 }),
  { name: 'orders' },
);

// Shutdown's close phase, after the HTTP drain: no request holds a connection any more.
observer.onShutdown('pg-pool', () => pool.end());

const applied = await migrate(pool);
const seeded = await seed(pool);
observer.logger.info({ migrations: applied, seeded, embedded_postgres: database.embedded }, 'database ready');
// The startup probe passes from here on, and readiness starts to count the checks.
observer.health.markStarted();

const app = createOrdersApp({ observer, pool, paymentsUrl: config.paymentsUrl });
const server = app.listen(config.port, config.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
// SIGTERM/SIGINT: readiness fails, in-flight requests finish, the pool ends, telemetry is
// flushed. Postgres goes last, after everything that could use it, whatever happened before:
// an embedded one must not outlive the process.
observer.serve(server, {
  exit: (code) => {
    database.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`stopping Postgres failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  },
});
const { port } = server.address() as AddressInfo;
observer.logger.info({ port, payments_url: config.paymentsUrl }, 'orders-api listening');
// A plain line a parent process can wait for, whatever the log format (and where the debug server is, when on).
const debugServer = await observer.debug.ready();
process.stderr.write(`LISTENING ${port}${debugServer === undefined ? '' : ` DEBUG ${debugServer.port}`}\n`);
