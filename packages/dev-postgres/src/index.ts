export { ensurePostgresStopped, POSTGRES_USER, postgresOwner, prepareDataDir, runningPostmaster } from './data-dir.js';
export { freePort } from './free-port.js';
export { type DevPostgres, type DevPostgresOptions, startDevPostgres } from './start-postgres.js';
