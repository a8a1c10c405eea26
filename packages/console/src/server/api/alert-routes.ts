import type { FastifyInstance } from 'fastify';
import { type AlertFeed, alertFacts, INCIDENT_ALERT, NEW_ALERT, REGRESSED_ALERT, type Silence, silencedBy } from '../alerts/index.js';
import type { AlertAnswer } from './schemas.js';
import { noQuery } from './schemas.js';
import { registerSilenceRoutes, silenceFailure } from './silence-routes.js';
import { parseQuery } from './validate.js';

const msOf = (time: Date | string | undefined): number | null => (time === undefined ? null : new Date(time).getTime());
/** A runbook the UI may link to: an http(s) URL only (an annotation is free text; `javascript:` is not a runbook). */
const runbookOf = (url: string | undefined): string | null => (url !== undefined && /^https?:\/\//i.test(url) ? url : null);
/** Episodes the answer carries: the newest. */
const HISTORY_LIMIT = 100;

function kindOf(alertname: string): AlertAnswer['kind'] {
  if (alertname === NEW_ALERT) return 'error-new';
  if (alertname === REGRESSED_ALERT) return 'error-regressed';
  return alertname === INCIDENT_ALERT ? 'incident' : 'slo-burn';
}

/**
 * `GET /api/alerts`: what the console's own evaluation calls for now (new and regressed error
 * groups, SLOs burning too fast), whether or not an Alertmanager gets them, the alert history, and
 * how sending them went. Without a feed (an API on its own, as in tests) the lists are empty.
 */
export function registerAlertRoutes(app: FastifyInstance, feed: AlertFeed | undefined): void {
  app.get('/api/alerts', async (request) => {
    parseQuery(noQuery, request.query);
    const nowMs = Date.now();
    const [alerts, silences] = await Promise.all([feed === undefined ? [] : feed.current(nowMs), readSilences(feed)]);
    const answers: AlertAnswer[] = alerts.map((alert) => {
      const facts = alertFacts(alert);
      return {
        ...facts,
        kind: kindOf(facts.alertname),
        severity: facts.labels.severity ?? null,
        description: alert.annotations?.description ?? '',
        startsAtMs: msOf(alert.startsAt),
        endsAtMs: msOf(alert.endsAt),
        silencedBy: silencedBy(alert.labels, silences.list ?? [], nowMs),
        runbookUrl: runbookOf(alert.annotations?.runbook_url),
      };
    });
    const history = feed === undefined ? [] : await feed.history(HISTORY_LIMIT);
    return {
      alerts: answers,
      history: history.map(({ alertname, summary, labels, path, startMs, endMs }) => ({
        alertname,
        kind: kindOf(alertname),
        summary,
        labels,
        path,
        startMs,
        endMs,
      })),
      delivery: feed?.delivery() ?? null,
      silences: silences.list,
      silenceError: silences.error,
    };
  });
  registerSilenceRoutes(app, feed?.silences);
}

/** The Alertmanager's silences for the alerts page: none without one; its failure said, not thrown (the alerts stand without it). */
async function readSilences(feed: AlertFeed | undefined): Promise<{ list: Silence[] | null; error: string | null }> {
  const silences = feed?.silences;
  if (silences === undefined) return { list: null, error: null };
  try {
    return { list: await silences.list(), error: null };
  } catch (error) {
    return { list: null, error: (silenceFailure(error, silences.url) as Error).message };
  }
}
