import type { Observer } from '@sightline/sdk';
import type { Express } from 'express';

/** GET /admin/apm: the SDK's per-route transaction summary (count, error rate, p50/p95/p99, Apdex) per window. */
export function registerApmRoutes(app: Express, observer: Observer): void {
  app.get('/admin/apm', (req, res) => {
    const window = req.query.window;
    if (window !== undefined && window !== '1m' && window !== '5m' && window !== 'all') {
      res.status(400).json({ error: 'invalid_request', message: 'window: use 1m, 5m or all' });
      return;
    }
    res.json({ window: window ?? 'all', routes: observer.apm.summary(window) });
  });
}
