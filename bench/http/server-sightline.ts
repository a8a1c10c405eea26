// Server child for the Sightline variants: the same handler behind sightlineHandler().
// Usage: node --conditions=sightline-source --import tsx server-sightline.ts <variant> <log file> <otlp traces url>
import { createServer } from 'node:http';
import { createObserver, type ObserverOptions } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import protocol from './child-protocol.cjs';
import handlerModule from './handler.cjs';

const [variant = '', logFile = '', otlpUrl = ''] = process.argv.slice(2);

const TRACE_BY_VARIANT: Record<string, ObserverOptions['trace']> = {
  'sightline-full-100': { sampleRatio: 1, endpoint: otlpUrl },
  'sightline-full-10': { sampleRatio: 0.1, endpoint: otlpUrl },
  'sightline-logs-metrics': { enabled: false, endpoint: otlpUrl },
};
const trace = TRACE_BY_VARIANT[variant];
if (trace === undefined) {
  console.error(`unknown variant "${variant}"; expected one of ${Object.keys(TRACE_BY_VARIANT).join(', ')}`);
  process.exit(2);
}

const observer = createObserver({
  // Defaults otherwise (default process metrics on, log sampling on: the access log is exempt).
  env: {},
  serviceName: 'bench',
  environment: 'production',
  log: { destinations: [{ path: logFile }] },
  metrics: { enabled: true },
  trace,
  http: { routes: ['/users/:id'] },
});

protocol.serve(createServer(sightlineHandler(observer, handlerModule.handler)), () => observer.shutdown());
