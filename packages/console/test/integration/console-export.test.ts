import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';
import { openStore, StoreQueryError } from '../../src/server/store/index.js';

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const MINUTE_NS = 60_000_000_000n;
const TRACE = 'e1'.repeat(16);
const OLD_TRACE = 'e2'.repeat(16);

const span = (traceId: string, spanId: string, name: string, startNs: bigint, extra: Record<string, unknown> = {}) => ({
  traceId,
  spanId,
  name,
  kind: 2,
  startTimeUnixNano: String(startNs),
  endTimeUnixNano: String(startNs + 50_000_000n),
  ...extra,
});

let consoleApp: RunningConsole;
let outDir: string;

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${consoleApp.otlpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function download(path: string): Promise<{ status: number; rows: string | null; file: string }> {
  const response = await fetch(`${consoleApp.url}${path}`);
  const file = join(outDir, `${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return { status: response.status, rows: response.headers.get('x-sightline-rows'), file };
}

async function readParquet(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const exportDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('sightline-export-'));

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'console-export-test-'));
  consoleApp = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'export-api' } }] };
  await post('/v1/traces', {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          {
            spans: [
              span(TRACE, 'a1'.repeat(8), 'GET /export/:id', NOW_NS - MINUTE_NS, {
                status: { code: 2 },
                events: [
                  {
                    name: 'exception',
                    timeUnixNano: String(NOW_NS - MINUTE_NS),
                    attributes: [
                      { key: 'exception.type', value: { stringValue: 'RangeError' } },
                      { key: 'exception.message', value: { stringValue: 'page out of range' } },
                    ],
                  },
                ],
              }),
              span(TRACE, 'a2'.repeat(8), 'SELECT rows', NOW_NS - MINUTE_NS, { parentSpanId: 'a1'.repeat(8), kind: 3 }),
              span(OLD_TRACE, 'a3'.repeat(8), 'GET /old', NOW_NS - 180n * MINUTE_NS),
            ],
          },
        ],
      },
    ],
  });
  await post('/v1/logs', {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            logRecords: [
              { timeUnixNano: String(NOW_NS - MINUTE_NS), severityNumber: 9, body: { stringValue: "it's exported" }, traceId: TRACE },
            ],
          },
        ],
      },
    ],
  });
});

afterAll(async () => {
  await consoleApp?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('GET /api/export/{table}.parquet', () => {
  it("streams the window's spans as Parquet with the row count in a header, older rows left out", async () => {
    const answer = await download('/api/export/spans.parquet?since=1h');
    expect(answer.status).toBe(200);
    expect(answer.rows).toBe('2');
    const rows = await readParquet(
      `SELECT SpanName, ServiceName, TraceId, StatusCode FROM read_parquet('${answer.file}') ORDER BY SpanName`,
    );
    expect(rows).toEqual([
      ['GET /export/:id', 'export-api', TRACE, 2],
      ['SELECT rows', 'export-api', TRACE, 0],
    ]);
  });

  it('exports logs and exceptions, and every table over a window that holds the old span too', async () => {
    const logs = await download('/api/export/logs.parquet?since=1h');
    expect(await readParquet(`SELECT Body, TraceId FROM read_parquet('${logs.file}')`)).toEqual([["it's exported", TRACE]]);
    const exceptions = await download('/api/export/exceptions.parquet?since=1h');
    expect(await readParquet(`SELECT ExceptionType, ExceptionMessage, Source FROM read_parquet('${exceptions.file}')`)).toEqual([
      ['RangeError', 'page out of range', 'span'],
    ]);
    const all = await download('/api/export/spans.parquet?since=4h');
    expect(all.rows).toBe('3');
  });

  it("exports the console's own records: alert episodes and incidents open in the window, and those incidents' timelines", async () => {
    const nowMs = Date.now();
    const episode = (key: string, startMs: number) => ({
      key,
      alertname: key,
      summary: `${key} fired`,
      labels: { alertname: key },
      path: null,
      startMs,
    });
    await consoleApp.store.recordAlertEpisodes({
      started: [episode('ExportOld', nowMs - 5 * 3_600_000), episode('ExportRecent', nowMs - 60_000)],
      ended: [],
    });
    await consoleApp.store.recordAlertEpisodes({ started: [], ended: [{ key: 'ExportOld', endMs: nowMs - 4 * 3_600_000 }] });
    const id = await consoleApp.store.declareIncident({
      title: 'exports fail',
      severity: 'sev2',
      summary: 'every export 500s',
      createdBy: 'ana',
      alertKeys: ['ExportRecent'],
    });
    await consoleApp.store.changeIncident(id, { author: 'ana', note: 'rolled back' });

    const episodes = await download('/api/export/alert_episodes.parquet?since=1h');
    expect(episodes.status).toBe(200);
    // The old episode ended hours before the window: left out; the open one is in it.
    expect(await readParquet(`SELECT AlertName, EndMs FROM read_parquet('${episodes.file}')`)).toEqual([['ExportRecent', null]]);
    const wide = await download('/api/export/alert_episodes.parquet?since=6h');
    expect(wide.rows).toBe('2');

    const incidents = await download('/api/export/incidents.parquet?since=1h');
    expect(await readParquet(`SELECT Id, Title, Status FROM read_parquet('${incidents.file}')`)).toEqual([
      [BigInt(id), 'exports fail', 'investigating'],
    ]);
    const events = await download('/api/export/incident_events.parquet?since=1h');
    const timeline = await readParquet(`SELECT IncidentId, Kind, Text FROM read_parquet('${events.file}') ORDER BY Seq`);
    expect(timeline.every(([incident]) => incident === BigInt(id))).toBe(true);
    expect(timeline.map(([, , text]) => text)).toContain('rolled back');

    // Before the incident was declared: none of it.
    const before = await download(`/api/export/incidents.parquet?since=6h&until=${nowMs - 3_600_000}`);
    expect(before.rows).toBe('0');
    const manifest = (await (await fetch(`${consoleApp.url}/api/export`)).json()) as { files: { table: string }[] };
    expect(manifest.files.map((file) => file.table)).toEqual(expect.arrayContaining(['alert_episodes', 'incidents', 'incident_events']));
  });

  it('writes a Parquet file with the columns even when the window holds no rows', async () => {
    const answer = await download('/api/export/metric_points.parquet?since=1h');
    expect(answer.rows).toBe('0');
    expect(await readParquet(`SELECT count(*) FROM read_parquet('${answer.file}')`)).toEqual([[0n]]);
    const columns = await readParquet(`SELECT name FROM parquet_schema('${answer.file}') WHERE name = 'MetricName'`);
    expect(columns).toEqual([['MetricName']]);
  });

  it('removes its temporary directory once the file is sent', async () => {
    const before = exportDirs().length;
    await download('/api/export/spans.parquet?since=1h');
    const deadline = Date.now() + 5_000;
    while (exportDirs().length > before && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(exportDirs().length).toBe(before);
  });

  it('answers 404 for an unknown table and 400 naming a bad time parameter', async () => {
    const unknown = await fetch(`${consoleApp.url}/api/export/users.parquet`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain('spans.parquet');
    const bad = await fetch(`${consoleApp.url}/api/export/spans.parquet?since=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { parameter: string }[] }).issues).toEqual([expect.objectContaining({ parameter: 'since' })]);
  });

  it('is listed in the OpenAPI document with its Parquet media type', async () => {
    const document = (await (await fetch(`${consoleApp.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { get: { responses: { 200: { content: Record<string, unknown> } } } }>;
    };
    expect(Object.keys(document.paths['/api/export/{file}']?.get.responses[200].content ?? {})).toEqual(['application/vnd.apache.parquet']);
  });
});

describe('store.exportParquet', () => {
  it('refuses a directory that is relative or would need quoting in SQL, writing nothing', async () => {
    const store = await openStore({ memory: true });
    try {
      for (const dir of ['relative/dir', join(outDir, "it's"), join(outDir, 'line\nbreak')]) {
        if (dir.startsWith('/')) mkdirSync(dir);
        const refused = store.exportParquet({ dir });
        await expect(refused).rejects.toThrow(StoreQueryError);
        await expect(refused).rejects.toThrow('expected an absolute path without quotes or control characters');
        if (dir.startsWith('/')) expect(readdirSync(dir)).toEqual([]);
      }
      const files = await store.exportParquet({ dir: outDir, tables: ['logs'] });
      expect(files).toEqual([{ table: 'logs', file: 'logs.parquet', rows: 0, bytes: expect.any(Number) }]);
      expect(readdirSync(outDir)).toContain('logs.parquet');
    } finally {
      await store.close();
    }
  });
});
