import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../src/server/scrape/exposition-corpus.js';
import { parseExposition } from '../../src/server/scrape/exposition-parser.js';
import { ExpositionParseError } from '../../src/server/scrape/index.js';
import { prometheusAvailable, type RunningPrometheus, startPrometheus, type TargetVerdict } from '../support/prometheus-server.js';
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
