import { join } from 'node:path';
import { createObserver } from '@sightline/sdk';
import { createDemoServer, DEMO_ROUTES, listen } from './demo/server.js';
import { runTraffic } from './demo/traffic.js';

/**
 * `npm start`: the instrumented demo service plus synthetic traffic. Logs go to a file
 * (the terminal shows the URLs and a progress line); Ctrl-C shuts everything down cleanly.
 */
const port = Number(process.env.PORT ?? 3000);
const logFile = join(process.cwd(), '.sightline', 'demo.log');
// Spans are exported only when a collector is configured: with none listening, every
// batch would wait out its retry budget (the console becomes the default receiver later).
const collector = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
const observer = createObserver({
  serviceName: 'sightline-demo',
  serviceVersion: '0.1.0',
  log: { destinations: [{ path: logFile }], level: 'debug' },
  http: { routes: DEMO_ROUTES },
  trace: { enabled: collector !== undefined },
});

const server = createDemoServer(observer);
observer.onShutdown('http-server', () => new Promise((resolve) => server.close(resolve)), 'drain');
const actualPort = await listen(server, port);
const baseUrl = `http://127.0.0.1:${actualPort}`;

process.stdout.write(
  [
    'Sightline demo is running',
    `  API:      ${baseUrl}/users/1   ${baseUrl}/orders (POST)`,
    `  Metrics:  ${baseUrl}/metrics`,
    `  Logs:     ${logFile}`,
    collector === undefined
      ? '  Traces:   not exported (set OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 to send them to a collector)'
      : `  Traces:   OTLP/HTTP to ${observer.options.trace.endpoint}`,
    '  Traffic:  ~20 requests/s with 404s, slow requests and failures. Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const traffic = new AbortController();
const done = runTraffic({ baseUrl, rps: 20, signal: traffic.signal });

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal} received, shutting down…\n`);
  traffic.abort();
  const { sent } = await done;
  server.closeIdleConnections();
  await observer.shutdown();
  process.stdout.write(`sent ${sent} requests; telemetry flushed. Bye.\n`);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
