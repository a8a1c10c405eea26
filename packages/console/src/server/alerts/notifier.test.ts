import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlertmanagerClient } from '@sightline/sdk/alertmanager';
import { afterEach, describe, expect, it } from 'vitest';
import { tracesRequest } from '../../../test/integration/browser/otlp-json.js';
import { openStore, type Store } from '../store/index.js';
import { generateErrorOccurrences } from '../store/testing/index.js';
import { errorGroupAlerts } from './error-alerts.js';
import { AlertNotifier } from './notifier.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
});

describe('AlertNotifier', () => {
  it('says once that Alertmanager cannot be reached, keeps trying, and says when it can again', async () => {
    store = await openStore({ memory: true });
    const { spans } = generateErrorOccurrences({
      fingerprint: 'notify0000000001',
      newestNs: BigInt(Date.now() - 1_000) * 1_000_000n,
      spanOccurrences: 1,
    });
    await store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
    // A port nothing listens on yet: the server below takes it later.
    const received: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const lines: string[] = [];
    const notifier = new AlertNotifier({
      client: createAlertmanagerClient({ url: `http://127.0.0.1:${port}`, retries: 0 }),
      sources: [errorGroupAlerts(store, { consoleUrl: () => 'http://127.0.0.1:18888', intervalMs: 60_000, newForMs: 60_000 })],
      intervalMs: 60_000,
      log: (line) => lines.push(line),
    });
    await notifier.round();
    await notifier.round();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^alerts to http://127\\.0\\.0\\.1:${port} failed: .*\\(logged again only once they are sent\\)$`));

    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await notifier.round();
      expect(lines.slice(1)).toEqual([`alerts to http://127.0.0.1:${port} are sent again`]);
      expect(received).toEqual([
        [expect.objectContaining({ labels: expect.objectContaining({ alertname: 'SightlineErrorNew', fingerprint: 'notify0000000001' }) })],
      ]);
      await notifier.close();
      // Closed: no more rounds.
      await notifier.round();
      expect(received).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('AlertNotifier history', () => {
  it('opens an episode when an alert is first called for, closes it when no longer, and goes on after a restart', async () => {
    const alert = (name: string) => ({ labels: { alertname: name }, annotations: { summary: `${name} now` } });
    const recorded: { started: string[]; ended: string[] }[] = [];
    const history = (open: string[]) => ({
      open: async () =>
        open.map((name) => ({
          key: JSON.stringify([['alertname', name]]),
          alertname: name,
          summary: '',
          labels: {},
          path: null,
          startMs: 0,
          endMs: null,
        })),
      record: async (change: { started: { alertname: string }[]; ended: { key: string }[] }) => {
        recorded.push({
          started: change.started.map((episode) => episode.alertname),
          ended: change.ended.map((episode) => (JSON.parse(episode.key) as [string, string][])[0]![1]),
        });
      },
    });
    let firing = ['A'];
    const notifier = new AlertNotifier({
      history: history([]),
      sources: [async () => firing.map(alert)],
      intervalMs: 60_000,
      log: () => {},
    });
    await notifier.round();
    firing = ['A', 'B'];
    await notifier.round();
    await notifier.round(); // nothing changed: nothing recorded
    firing = ['B'];
    await notifier.round();
    expect(recorded).toEqual([
      { started: ['A'], ended: [] },
      { started: ['B'], ended: [] },
      { started: [], ended: ['A'] },
    ]);
    expect(notifier.delivery()).toBeNull();

    // A restart with B still open and nothing firing any more: B is closed, not opened again.
    recorded.length = 0;
    const restarted = new AlertNotifier({ history: history(['B']), sources: [async () => []], intervalMs: 60_000, log: () => {} });
    await restarted.round();
    expect(recorded).toEqual([{ started: [], ended: ['B'] }]);
  });

  it('sends an alert that cannot say when it began with its episode’s start, the same every round (Alertmanager took each round’s receipt)', async () => {
    const posted: { startsAt?: Date }[][] = [];
    const client = {
      url: 'http://alertmanager.test',
      post: async (alerts: { startsAt?: Date }[]) => {
        posted.push(alerts);
      },
      resolve: async () => {},
      idle: async () => {},
    };
    const regressed = { labels: { alertname: 'SightlineErrorRegressed', fingerprint: 'f00d' }, annotations: { summary: 'back' } };
    const key = JSON.stringify([
      ['alertname', 'SightlineErrorRegressed'],
      ['fingerprint', 'f00d'],
    ]);
    let now = 1_000_000;
    const notifier = new AlertNotifier({
      client: client as never,
      sources: [async () => [regressed]],
      intervalMs: 60_000,
      log: () => {},
      clock: () => now,
    });
    await notifier.round();
    now += 60_000;
    await notifier.round();
    expect(posted.map((alerts) => alerts[0]?.startsAt?.getTime())).toEqual([1_000_000, 1_000_000]);

    // After a restart, the history's open episode says when it began.
    posted.length = 0;
    const history = {
      open: async () => [{ key, alertname: 'SightlineErrorRegressed', summary: '', labels: {}, path: null, startMs: 400_000, endMs: null }],
      record: async () => {},
    };
    const restarted = new AlertNotifier({
      client: client as never,
      history,
      sources: [async () => [regressed]],
      intervalMs: 60_000,
      log: () => {},
      clock: () => now,
    });
    await restarted.round();
    expect(posted[0]?.[0]?.startsAt?.getTime()).toBe(400_000);
  });
});
