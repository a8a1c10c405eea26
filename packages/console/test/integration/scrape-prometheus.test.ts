import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/server/scrape/exposition-parser.js';
import { createScraper, ExpositionParseError } from '../../src/server/scrape/index.js';
import { openStore, type Store } from '../../src/server/store/index.js';
import { CORPUS } from '../support/exposition-corpus.js';
import { prometheusAvailable, type RunningPrometheus, startPrometheus, type TargetVerdict } from '../support/prometheus-server.js';
import { type SdkService, startSdkService, work } from '../support/sdk-service.js';
import { startServer, type TestServer } from '../support/test-servers.js';

const CONTENT_TYPES = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
} as const;

function ourVerdict(body: string, format: 'prometheus' | 'openmetrics'): 'up' | 'down' {
  try {
    parseExposition(body, format);
    return 'up';
  } catch (error) {
    if (error instanceof ExpositionParseError) return 'down';
    throw error;
  }
}

/**
 * The Prometheus server itself scrapes every corpus body, served with its format's content type:
 * where the server takes a body (`up`) our parser must too, and where it rejects one, so must we.
 */
describe.skipIf(!prometheusAvailable())('the corpus scraped by a real Prometheus server', () => {
  let target: TestServer;
  let prometheus: RunningPrometheus;
  let verdicts: Map<string, TargetVerdict>;
  const jobOf = (index: number) => `corpus-${index}`;

  beforeAll(async () => {
    target = await startServer((req, res) => {
      const corpusCase = CORPUS[Number((req.url ?? '').split('/')[2])];
      if (corpusCase === undefined) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('content-type', CONTENT_TYPES[corpusCase.format]);
      res.end(corpusCase.body);
    });
    const address = new URL(target.baseUrl).host;
    prometheus = await startPrometheus(CORPUS.map((_, index) => ({ job: jobOf(index), address, path: `/case/${index}` })));
    verdicts = await prometheus.verdicts(CORPUS.map((_, index) => jobOf(index)));
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
    await target?.close();
  });

  it.each(CORPUS.map((corpusCase, index) => ({ ...corpusCase, index })))('agrees on $format "$name"', (corpusCase) => {
    const verdict = verdicts.get(jobOf(corpusCase.index));
    const ours = ourVerdict(corpusCase.body, corpusCase.format);
    expect(ours, `Prometheus: ${verdict?.health} ${verdict?.lastError}`).toBe(verdict?.health);
  });
});

interface PrometheusSeries {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real SDK service scraped at once by Prometheus and by our scraper: the same series names,
 * the same histogram values, and the same exemplar trace ids.
 */
describe.skipIf(!prometheusAvailable())('scraping a real SDK service beside Prometheus', () => {
  let service: SdkService;
  let prometheus: RunningPrometheus;
  let store: Store;

  beforeAll(async () => {
    service = await startSdkService('prometheus-twin');
    await work(service, 4);
    prometheus = await startPrometheus([{ job: 'sdk', address: service.hostPort, path: '/metrics' }]);
    store = await openStore({ memory: true, commitIntervalMs: 10 });
    const scraper = createScraper({ targets: [{ url: `${service.baseUrl}/metrics`, job: 'sdk' }], store, log: () => undefined });
    await scraper.scrapeAll();
    await scraper.close();
    expect((await prometheus.verdicts(['sdk'])).get('sdk')?.health).toBe('up');
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
    await store?.close();
    await service?.close();
  });

  const query = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${prometheus.baseUrl}${path}`)).json()) as { status: string; data: T };
    expect(body.status).toBe('success');
    return body.data;
  };

  it('stores the series names Prometheus stores', async () => {
    const names = await query<string[]>(`/api/v1/label/__name__/values?match[]=${encodeURIComponent('{job="sdk"}')}`);
    // Prometheus' own report series beyond up, scrape_duration_seconds and scrape_samples_scraped.
    const theirs = names.filter((name) => name !== 'scrape_series_added' && name !== 'scrape_samples_post_metric_relabeling');
    const ours = (await store.metricNames()).map((metric) => metric.name);
    expect(ours.sort()).toEqual(theirs.sort());
  });

  it("stores the request histogram's values as Prometheus does", async () => {
    const result = await query<{ result: PrometheusSeries[] }>(
      `/api/v1/query?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{job="sdk"}')}`,
    );
    const theirs = result.result.map(({ metric, value }) => {
      const { __name__, job, instance, ...labels } = metric;
      return [JSON.stringify(Object.entries(labels).sort()), Number(value[1])];
    });
    const ours = (await store.metricPoints({ name: 'http_server_request_duration_seconds_bucket' })).map((point) => [
      JSON.stringify(Object.entries(point.attributes).sort()),
      point.value,
    ]);
    expect(theirs.length).toBeGreaterThan(5);
    expect(ours.sort()).toEqual(theirs.sort());
  });

  it('keeps the exemplar trace ids Prometheus keeps', async () => {
    const now = Date.now() / 1000;
    const data = await query<{ exemplars: { labels: Record<string, string> }[] }[]>(
      `/api/v1/query_exemplars?query=${encodeURIComponent('http_server_request_duration_seconds_bucket{job="sdk"}')}&start=${now - 600}&end=${now + 60}`,
    );
    const theirs = new Set(data.flatMap((series) => series.exemplars.map((exemplar) => exemplar.labels.trace_id)));
    const points = await store.metricPoints({ name: 'http_server_request_duration_seconds_bucket' });
    const ours = new Set(points.flatMap((point) => point.exemplars.map((exemplar) => exemplar.traceId)));
    expect(theirs.size).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
    for (const traceId of ours) expect(service.traceIds).toContain(traceId);
  });
});
