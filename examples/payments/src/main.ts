import { createObserver } from '@sightline/sdk';
import { createPaymentsApp } from './app.js';
import { readPaymentsConfig } from './config.js';

const config = readPaymentsConfig(process.env);
const observer = createObserver({ serviceName: 'payments' });
const app = createPaymentsApp(observer, config);

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : config.port;
observer.logger.info({ port, failure_rate: config.failureRate, slow_rate: config.slowRate }, 'payments listening');
// A plain line a parent process can wait for, whatever the log format.
process.stderr.write(`LISTENING ${port}\n`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  observer.logger.info({ signal }, 'shutting down');
  try {
    await app.close();
  } finally {
    await observer.shutdown();
  }
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
