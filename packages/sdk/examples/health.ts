import { createServer } from 'node:http';
import { createObserver, diskSpaceCheck, eventLoopDelayCheck, httpDependencyCheck } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';

const observer = createObserver({ serviceName: 'inventory' });

// Critical (the default): failing makes /readyz answer 503. Non-critical: 200 with status "degraded".
observer.health.register(diskSpaceCheck({ path: process.cwd(), unhealthyRatio: 0.99 }));
observer.health.register(eventLoopDelayCheck({ critical: false, degradedMs: 200 }));
observer.health.register(
  httpDependencyCheck(process.env.PRICING_URL ?? 'http://127.0.0.1:3002/readyz', { name: 'pricing', critical: false, timeoutMs: 300 }),
);
// Your own: return nothing (healthy) or { status, message }, or throw (unhealthy). `signal` aborts at
// the check's timeout: hand it to what the check awaits, so a hung call is cancelled, not left pending.
const feedUrl = process.env.FEED_URL ?? 'http://127.0.0.1:3003/lag';
observer.health.register({
  name: 'stock-feed',
  critical: false,
  intervalMs: 5000, // probes within 5 s reuse the result
  check: async (signal) => {
    const { lagSeconds } = (await (await fetch(feedUrl, { signal })).json()) as { lagSeconds: number };
    return lagSeconds > 60 ? { status: 'degraded', message: `feed ${lagSeconds} s behind` } : undefined;
  },
});

const server = createServer(
  sightlineHandler(observer, (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ sku: 'A-1', stock: 3 }));
  }),
);
server.listen(Number(process.env.PORT ?? 3000), () => {
  observer.logger.info({ address: server.address() }, 'listening');
  observer.health.markStarted(); // /startupz and /readyz fail until now: call it once migrations ran
});
// SIGTERM/SIGINT: /readyz answers 503 at once, in-flight requests finish, onShutdown hooks run, exit 0.
observer.serve(server);
