import type { FastifyInstance } from 'fastify';
import { type AlertFeed, NEW_ALERT, REGRESSED_ALERT } from '../alerts/index.js';
import type { AlertAnswer } from './schemas.js';
import { noQuery } from './schemas.js';
import { parseQuery } from './validate.js';

const msOf = (time: Date | string | undefined): number | null => (time === undefined ? null : new Date(time).getTime());

/**
 * `GET /api/alerts`: what the console's own evaluation calls for now (new and regressed error
 * groups, SLOs burning too fast), whether or not an Alertmanager gets them, and how sending them
 * went. Without a feed (an API on its own, as in tests) the list is empty.
 */
export function registerAlertRoutes(app: FastifyInstance, feed: AlertFeed | undefined): void {
  app.get('/api/alerts', async (request) => {
    parseQuery(noQuery, request.query);
    const alerts = feed === undefined ? [] : await feed.current(Date.now());
    const answers: AlertAnswer[] = alerts.map((alert) => {
      const { alertname = '', ...labels } = alert.labels;
      return {
        alertname,
        kind: alertname === NEW_ALERT ? 'error-new' : alertname === REGRESSED_ALERT ? 'error-regressed' : 'slo-burn',
        severity: labels.severity ?? null,
        summary: alert.annotations?.summary ?? alertname,
        description: alert.annotations?.description ?? '',
        labels,
        startsAtMs: msOf(alert.startsAt),
        endsAtMs: msOf(alert.endsAt),
        // The page it links to, on this console.
        path: alert.generatorURL === undefined ? null : new URL(alert.generatorURL).pathname,
      };
    });
    return { alerts: answers, delivery: feed?.delivery() ?? null };
  });
}
