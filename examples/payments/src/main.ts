import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createObserver, eventLoopDelayCheck } from '@sightline/sdk';
import { createPaymentsApp } from './app.js';
import { readPaymentsConfig } from './config.js';

const config = readPaymentsConfig(process.env);
// The SLOs of sightline.slo.yaml, the file `sightline slo generate` reads, counted in process too.
// The release it runs (service.version): error groups say which one an error was first seen in.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const observer = createObserver({
  serviceName: 'payments',
  serviceVersion: version,
  slo: { spec: fileURLToPath(new URL('../sightline.slo.yaml', import.meta.url)) },
});
const app = createPaymentsApp(observer, config);
// Payments has no dependency to check: readiness is startup done, no shutdown under way and a
// responsive event loop (a slow loop degrades, it does not fail).
observer.health.register(eventLoopDelayCheck({ critical: false }));

await app.listen({ port: config.port, host: config.host });
// SIGTERM/SIGINT: readiness fails at once, in-flight charges finish, telemetry is flushed, exit 0.
observer.serve(app.server);
observer.health.markStarted();
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : config.port;
observer.logger.info(
  { port, failure_rate: config.failureRate, error_rate: config.errorRate, slow_rate: config.slowRate },
  'payments listening',
);
// A plain line a parent process can wait for, whatever the log format (and where the debug server is, when on).
const debugServer = await observer.debug.ready();
process.stderr.write(`LISTENING ${port}${debugServer === undefined ? '' : ` DEBUG ${debugServer.port}`}\n`);
