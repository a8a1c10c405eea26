import type { AddressInfo } from 'node:net';
import { createObserver } from '@sightline/sdk';
import { instrumentPool } from '@sightline/sdk/pg';
import pg from 'pg';
import { createOrdersApp } from './app.js';
import { readOrdersConfig } from './config.js';
import { startDatabase } from './database.js';
import { migrate, seed } from './db/index.js';

const config = readOrdersConfig(process.env);
const observer = createObserver({ serviceName: 'orders-api' });
const database = await startDatabase({
  env: { DATABASE_URL: config.databaseUrl },
  ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }),
});
const pool = instrumentPool(observer, new pg.Pool({ connectionString: database.connectionString, max: 10 }), { name: 'orders' });

const applied = await migrate(pool);
const seeded = await seed(pool);
observer.logger.info({ migrations: applied, seeded, embedded_postgres: database.embedded }, 'database ready');

const app = createOrdersApp({ observer, pool, paymentsUrl: config.paymentsUrl });
const server = app.listen(config.port, config.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
const { port } = server.address() as AddressInfo;
observer.logger.info({ port, payments_url: config.paymentsUrl }, 'orders-api listening');
// A plain line a parent process can wait for, whatever the log format.
process.stderr.write(`LISTENING ${port}\n`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  observer.logger.info({ signal }, 'shutting down');
  // Each step runs whatever the one before did: above all, Postgres must not outlive us.
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      observer.logger.error({ err: error, step: name }, 'shutdown step failed');
    }
  };
  await step(
    'http',
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  await step('pool', () => pool.end());
  await step('database', () => database.stop());
  await observer.shutdown();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
