import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type RunningConsole, startConsole } from '@sightline/console';
import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager } from '../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../sdk/test/support/system-binary.js';
import { runCli } from '../../src/program.js';
import { captureIo } from '../support/capture-io.js';
import { postOtlp, SEED, seedBodies } from '../support/console-seed.js';
import { closedPort } from '../support/local-server.js';

/** New lines reach a follower through the console's SSE stream: wait long, poll gently. */
const POLL = { timeoutMs: 20_000, intervalMs: 50 };

async function queryParquet(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let consoleApp: RunningConsole;
let env: Record<string, string>;
let workDir: string;

const sightline = async (argv: string[], extraEnv: Record<string, string> = {}) => {
  const capture = captureIo({ ...env, ...extraEnv }, workDir);
  const code = await runCli(argv, capture.io);
  return { code, stdout: capture.out(), stderr: capture.err() };
};

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'sightline-cli-console-'));
  consoleApp = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  env = { SIGHTLINE_CONSOLE_URL: consoleApp.url };
  const bodies = seedBodies(Date.now());
  await postOtlp(consoleApp.otlpUrl, 'traces', bodies.traces);
  await postOtlp(consoleApp.otlpUrl, 'logs', bodies.logs);
});

afterAll(async () => {
  await consoleApp?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('sightline traces and trace', () => {
  it('prints the window’s traces newest first as an aligned table, leaving out older ones', async () => {
    const run = await sightline(['traces', '--since', '1h']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TRACE ID\s+START\s+DURATION\s+SPANS\s+ERRORS\s+STATUS\s+SERVICE\s+ROOT SPAN$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^${SEED.healthTrace}\\s+\\S+Z\\s+5\\.00 ms\\s+1\\s+0\\s+200\\s+orders-api\\s+GET /healthz$`));
    expect(lines[2]).toMatch(new RegExp(`^${SEED.checkoutTrace}\\s+\\S+Z\\s+120 ms\\s+3\\s+1\\s+500\\s+orders-api\\s+POST /checkout/:id$`));
    // Aligned: every row's DURATION column ends where the header's does.
    const end = (lines[0] as string).indexOf('DURATION') + 'DURATION'.length;
    for (const line of lines.slice(1)) expect(line.slice(end - 2, end)).toBe('ms');
    expect(run.stdout).not.toContain(SEED.oldTrace);
  });

  it('filters by status, minimum duration and attribute, and prints the API’s JSON with --json', async () => {
    const errors = await sightline(['traces', '--status', 'error', '--json']);
    expect(errors.code).toBe(0);
    const answer = JSON.parse(errors.stdout) as { traces: { traceId: string; spanCount: number; errorCount: number }[] };
    expect(answer.traces).toEqual([expect.objectContaining({ traceId: SEED.checkoutTrace, spanCount: 3, errorCount: 1 })]);
    const slow = await sightline(['traces', '--min-duration', '50ms']);
    expect(slow.stdout).toContain(SEED.checkoutTrace);
    expect(slow.stdout).not.toContain(SEED.healthTrace);
    const byAttribute = await sightline(['traces', '--attr', 'http.request.method=GET', '--since', '4h']);
    expect(byAttribute.stdout).toContain(SEED.healthTrace);
    expect(byAttribute.stdout).not.toContain(SEED.checkoutTrace);
    const older = await sightline(['traces', '--since', '4h', '--limit', '5']);
    expect(older.stdout).toContain(SEED.oldTrace);
  });

  it('prints one trace as a tree of spans with services, offsets and durations', async () => {
    const run = await sightline(['trace', SEED.checkoutTrace]);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`trace ${SEED.checkoutTrace}: 3 span(s), 2 service(s), 120 ms, 1 error(s)`);
    expect(lines[2]).toMatch(/^SPAN\s+SERVICE\s+KIND\s+OFFSET\s+DURATION\s+STATUS$/);
    expect(lines[3]).toMatch(/^POST \/checkout\/:id\s+orders-api\s+server\s+\+0\.00 ms\s+120 ms\s+error: cart is empty$/);
    expect(lines[4]).toMatch(/^├─ SELECT orders\s+orders-api\s+client\s+\+5\.00 ms\s+80\.0 ms\s+unset$/);
    expect(lines[5]).toMatch(/^└─ POST \/charge\s+payments\s+server\s+\+90\.0 ms\s+25\.0 ms\s+unset$/);
    const json = JSON.parse((await sightline(['trace', SEED.checkoutTrace, '--json'])).stdout) as { spans: { spanId: string }[] };
    expect(json.spans.map((span) => span.spanId).sort()).toEqual([SEED.serverSpan, SEED.dbSpan, SEED.paymentsSpan].sort());
  });

  it('says when a trace is not stored and when an id is no trace id', async () => {
    const missing = await sightline(['trace', 'ab'.repeat(16)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no spans of trace ${'ab'.repeat(16)} are stored`);
    const bad = await sightline(['trace', 'xyz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sightline: "xyz" is not a trace id: 32 hex digits\n');
  });
});

describe('sightline logs', () => {
  it('prints log records newest first with severity, service and trace id', async () => {
    const run = await sightline(['logs']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SEVERITY\s+SERVICE\s+TRACE ID\s+BODY AND ATTRIBUTES$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/).slice(1))).toEqual([
      ['ERROR', 'orders-api', SEED.checkoutTrace, 'checkout failed', 'order.id=42'],
      ['WARN', 'payments', '-', 'card network slow'],
      ['INFO', 'orders-api', SEED.checkoutTrace, 'checkout started for order 42'],
    ]);
  });

  it('filters by trace id, severity, text and attribute, and prints JSON with --json', async () => {
    const byTrace = await sightline(['logs', '--trace-id', SEED.checkoutTrace, '--severity', 'error', '--json']);
    const answer = JSON.parse(byTrace.stdout) as { logs: { body: unknown; service: string }[] };
    expect(answer.logs).toEqual([expect.objectContaining({ body: 'checkout failed', service: 'orders-api' })]);
    const grep = await sightline(['logs', '--grep', 'NETWORK']);
    expect(grep.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(grep.stdout).toContain('card network slow');
    const byAttribute = JSON.parse((await sightline(['logs', '--attr', 'order.id=42', '--json'])).stdout) as { logs: { body: unknown }[] };
    expect(byAttribute.logs.map((log) => log.body)).toEqual(['checkout failed']);
    expect(await sightline(['logs', '--attr', 'order.id=43'])).toMatchObject({ stdout: 'no log records match\n' });
  });

  it('follows new lines live over the SSE stream until interrupted', async () => {
    const controller = new AbortController();
    const capture = captureIo(env, workDir, controller.signal);
    const running = runCli(['logs', '--follow', '--service', 'payments'], capture.io);
    await eventually(() => (capture.out().includes('card network slow') ? true : undefined), 'the stored line', POLL);
    await postOtlp(consoleApp.otlpUrl, 'logs', {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 17, body: { stringValue: 'charge declined' } },
              ],
            },
          ],
        },
      ],
    });
    await eventually(() => (capture.out().includes('charge declined') ? true : undefined), 'the new line', POLL);
    controller.abort();
    expect(await running).toBe(0);
    const lines = capture.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Z {2}ERROR {2}payments {10}- {33}charge declined$/);
    expect(capture.err()).toBe('');
  });

  it('starts a follow at the tail: the newest --limit matching lines, oldest first, then only new ones', async () => {
    const lines = (bodies: string[]) => ({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tail-demo' } }] },
          scopeLogs: [
            {
              logRecords: bodies.map((body, index) => ({
                timeUnixNano: String((BigInt(Date.now()) + BigInt(index)) * 1_000_000n),
                severityNumber: 17,
                body: { stringValue: body },
              })),
            },
          ],
        },
      ],
    });
    await postOtlp(consoleApp.otlpUrl, 'logs', lines(Array.from({ length: 40 }, (_, index) => `stored line ${index + 1}`)));
    const controller = new AbortController();
    const capture = captureIo(env, workDir, controller.signal);
    const running = runCli(['logs', '--follow', '--service', 'tail-demo', '--severity', 'error', '--limit', '3'], capture.io);
    await eventually(() => (capture.out().includes('stored line 40') ? true : undefined), 'the newest stored line', POLL);
    await postOtlp(consoleApp.otlpUrl, 'logs', lines(['a new line']));
    await eventually(() => (capture.out().includes('a new line') ? true : undefined), 'the new line', POLL);
    controller.abort();
    expect(await running).toBe(0);
    const bodies = capture
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/).at(-1));
    expect(bodies).toEqual(['stored line 38', 'stored line 39', 'stored line 40', 'a new line']);
    expect(capture.err()).toBe('');
  });
});

describe('sightline errors', () => {
  it('lists error groups and opens one by fingerprint with its stack and occurrences', async () => {
    const list = await sightline(['errors', '--json']);
    const groups = (JSON.parse(list.stdout) as { groups: { fingerprint: string; type: string; count: number }[] }).groups;
    expect(groups).toEqual([expect.objectContaining({ type: 'TypeError', count: 1 })]);
    const fingerprint = groups[0]!.fingerprint;

    const table = await sightline(['errors', '--service', 'orders-api']);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^FINGERPRINT\s+STATUS\s+COUNT\s+LAST SEEN\s+SERVICES\s+TYPE\s+MESSAGE$/);
    expect(rows[1]).toMatch(new RegExp(`^${fingerprint}\\s+unresolved\\s+1\\s+\\S+Z\\s+orders-api\\s+TypeError\\s+cart is empty$`));
    expect((await sightline(['errors', '--service', 'payments'])).stdout).toBe('no errors in this window\n');

    const detail = await sightline(['errors', fingerprint]);
    expect(detail.code).toBe(0);
    expect(detail.stdout).toContain('TypeError: cart is empty\n');
    expect(detail.stdout).toContain(`fingerprint  ${fingerprint}\n`);
    expect(detail.stdout).toContain('routes       /checkout/:id\n');
    expect(detail.stdout).toContain('versions     -\n');
    expect(detail.stdout).toContain('  at checkout (/srv/orders/checkout.js:42:11)');
    expect(detail.stdout).toMatch(new RegExp(`\\S+Z\\s+orders-api\\s+/checkout/:id\\s+span\\s+${SEED.checkoutTrace}\\n$`));
  });

  it('resolves, ignores and reopens a group by fingerprint, and lists groups by status', async () => {
    const { groups } = JSON.parse((await sightline(['errors', '--json'])).stdout) as { groups: { fingerprint: string }[] };
    const fingerprint = groups[0]!.fingerprint;
    const resolved = await sightline(['errors', fingerprint, '--resolve']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toBe(`${fingerprint} is now resolved\n`);
    expect((await sightline(['errors', fingerprint])).stdout).toMatch(/\nstatus {7}resolved \(set \S+Z\)\n/);
    expect((await sightline(['errors', '--status', 'unresolved'])).stdout).toBe('no errors in this window\n');
    expect((await sightline(['errors', '--status', 'resolved'])).stdout).toContain(`${fingerprint}  resolved`);

    const ignored = JSON.parse((await sightline(['errors', fingerprint, '--ignore', '--json'])).stdout) as { status: string };
    expect(ignored.status).toBe('ignored');
    expect((await sightline(['errors', fingerprint, '--reopen'])).stdout).toBe(`${fingerprint} is now unresolved\n`);
    expect((await sightline(['errors', '--status', 'unresolved'])).stdout).toContain(`${fingerprint}  unresolved`);

    const both = await sightline(['errors', fingerprint, '--resolve', '--ignore']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give one of --resolve, --ignore and --reopen, not 2');
    const none = await sightline(['errors', '--resolve']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--resolve needs the group's fingerprint");
    const unknown = await sightline(['errors', 'nosuchgroup', '--resolve']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('PUT /api/errors/nosuchgroup/status failed with HTTP 404: no error group nosuchgroup is stored');
    const bySort = JSON.parse((await sightline(['errors', '--sort', 'lastSeen', '--json'])).stdout) as { groups: unknown[] };
    expect(bySort.groups).toHaveLength(1);
    const badSort = await sightline(['errors', '--sort', 'newest']);
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toContain('sort: one of count, lastSeen, firstSeen');
    const badStatus = await sightline(['errors', '--status', 'fixed']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('status: one of unresolved, regressed, resolved, ignored');
  });
});

describe('sightline alerts', () => {
  it("lists what the console's evaluation calls for now: the seeded error group is new", async () => {
    const { groups } = JSON.parse((await sightline(['errors', '--json'])).stdout) as { groups: { fingerprint: string }[] };
    const json = await sightline(['alerts', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const answer = JSON.parse(json.stdout) as { alerts: { kind: string; path: string }[]; delivery: unknown };
    expect(answer.delivery).toBeNull();
    expect(answer.alerts).toContainEqual(expect.objectContaining({ kind: 'error-new', path: `/errors/${groups[0]!.fingerprint}` }));
    const table = (await sightline(['alerts', '--history'])).stdout.split('\n');
    expect(table[0]).toBe('alerts: shown in the console only (start it with --alertmanager URL to send them)');
    expect(table[1]).toMatch(/^KIND\s+SEVERITY\s+SINCE\s+ALERT\s+PAGE$/);
    expect(table.some((line) => line.startsWith('new error') && line.endsWith(`/errors/${groups[0]!.fingerprint}`))).toBe(true);
    expect(table).toContain('history (newest first):');
  });
});

const alertmanagerBinary = requireBinaries(['prometheus-alertmanager'], 'prometheus-alertmanager');

describe('sightline silence', () => {
  it('says that silences need --alertmanager when the console has none', async () => {
    const answer = await sightline(['silence']);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain('silences live in Alertmanager: start the console with --alertmanager URL');
  });

  it.skipIf(alertmanagerBinary.skip)("adds a silence, lists it, and expires it, in the console's real Alertmanager", async () => {
    const alertmanager = await startAlertmanager(alertmanagerBinary.path('prometheus-alertmanager'));
    const withAm = await startConsole({ memory: true, port: 0, otlpPort: 0, alertmanager: alertmanager.url });
    const at = { SIGHTLINE_CONSOLE_URL: withAm.url };
    try {
      const added = await sightline(
        [
          'silence',
          'add',
          'alertname=SightlineErrorNew',
          'service=~"orders-.*"',
          'env!=dev',
          '--for',
          '1d',
          '--comment',
          'release freeze',
          '--by',
          'ops',
        ],
        at,
      );
      expect(added.code, added.stderr).toBe(0);
      const id = added.stdout.trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const listed = JSON.parse((await sightline(['silence', '--json'], at)).stdout) as {
        silences: { id: string; createdBy: string; comment: string; startsAtMs: number; endsAtMs: number; matchers: unknown[] }[];
      };
      expect(listed.silences).toHaveLength(1);
      expect(listed.silences[0]).toMatchObject({ id, createdBy: 'ops', comment: 'release freeze' });
      expect(listed.silences[0]?.matchers).toEqual([
        { name: 'alertname', value: 'SightlineErrorNew', isRegex: false, isEqual: true },
        { name: 'service', value: 'orders-.*', isRegex: true, isEqual: true },
        { name: 'env', value: 'dev', isRegex: false, isEqual: false },
      ]);
      expect(Math.abs(listed.silences[0]!.endsAtMs - listed.silences[0]!.startsAtMs - 86_400_000)).toBeLessThan(60_000);
      const table = (await sightline(['silence'], at)).stdout.split('\n');
      expect(table[0]).toBe(`silences in ${alertmanager.url}:`);
      expect(table[1]).toMatch(/^ID\s+STATE\s+ENDS\s+BY\s+MATCHERS\s+COMMENT$/);
      expect(table[2]).toContain('alertname="SightlineErrorNew" service=~"orders-.*" env!="dev"');

      expect((await sightline(['silence', 'expire', id], at)).stdout).toBe(`${id} expired\n`);
      expect((await sightline(['silence'], at)).stdout).toBe(`silences in ${alertmanager.url}: none active or pending\n`);
      const unknown = await sightline(['silence', 'expire', '00000000-0000-4000-8000-000000000000'], at);
      expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('Alertmanager has no such silence')]);
      const bad = await sightline(['silence', 'add', 'service~orders', '--comment', 'x'], at);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('"service~orders" is not a matcher')]);
      const everything = await sightline(['silence', 'add', 'alertname=~".*"', '--comment', 'x'], at);
      expect([everything.code, everything.stderr]).toEqual([
        2,
        expect.stringContaining('at least one matcher must not match the empty string'),
      ]);
    } finally {
      await withAm.close();
      await alertmanager.stop();
    }
  });
});

describe('sightline incident and incidents', () => {
  it('declares one, changes it signed by --by, shows its timeline, lists it and prints its postmortem draft', async () => {
    const declared = await sightline(['incident', 'declare', 'Checkout', 'is', 'slow', '--severity', 'sev2', '--by', 'ops', '--json']);
    expect(declared.code, declared.stderr).toBe(0);
    const { id, ref } = JSON.parse(declared.stdout) as { id: number; ref: string };
    expect(ref).toBe(`INC-${id}`);
    const noted = await sightline(['incident', ref, '--note', 'the pool is exhausted', '--status', 'identified', '--by', 'ops']);
    expect(noted.code, noted.stderr).toBe(0);
    const lines = noted.stdout.split('\n');
    expect(lines[0]).toBe(`INC-${id}: Checkout is slow`);
    expect(lines[1]).toMatch(/^SEV2, identified; declared \S+ by ops$/);
    expect(lines).toContain('timeline:');
    expect(lines.some((line) => /\bstatus\s+ops\s+investigating → identified$/.test(line))).toBe(true);
    expect(lines.some((line) => /\bnote\s+ops\s+the pool is exhausted$/.test(line))).toBe(true);
    const linked = await sightline(['incident', String(id), '--link', '/traces/abc', '--note', 'a slow one', '--by', 'ops']);
    expect(linked.stdout).toMatch(/\blink\s+ops\s+a slow one \(\/traces\/abc\)/);

    const open = await sightline(['incidents', '--state', 'open']);
    expect(open.stdout.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+STATUS\s+DECLARED\s+RESOLVED\s+TITLE$/);
    expect(open.stdout).toMatch(new RegExp(`INC-${id}\\s+SEV2\\s+identified\\s+\\S+\\s+-\\s+Checkout is slow`));
    const postmortem = await sightline(['incident', ref, '--postmortem']);
    expect(postmortem.stdout.split('\n')[0]).toBe(`# INC-${id}: Checkout is slow`);
    expect(postmortem.stdout).toContain('ops: the pool is exhausted');

    const unknown = await sightline(['incident', '999']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('no incident INC-999')]);
    const bad = await sightline(['incident', 'five']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('"five" is not an incident')]);
    const both = await sightline(['incident', ref, '--postmortem', '--note', 'x']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--postmortem prints the draft')]);
  });
});

describe('sightline export', () => {
  it('downloads every table of the window as Parquet and prints files, rows and bytes', async () => {
    const run = await sightline(['export', '--since', '1h', '--out', 'exported']);
    expect(run.code, run.stderr).toBe(0);
    const dir = join(workDir, 'exported');
    expect(readdirSync(dir).sort()).toEqual([
      'alert_episodes.parquet',
      'exceptions.parquet',
      'incident_events.parquet',
      'incidents.parquet',
      'logs.parquet',
      'metric_points.parquet',
      'scrape_samples.parquet',
      'spans.parquet',
    ]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+ROWS\s+BYTES$/);
    expect(lines.find((line) => line.includes('spans.parquet'))).toMatch(/spans\.parquet\s+4\s+\d+(\.\d+)? (B|KiB)$/);
    // Every stored log line is in the window (the live-tail test above adds one).
    const stored = JSON.parse((await sightline(['logs', '--json', '--limit', '1000'])).stdout) as { logs: unknown[] };
    expect(stored.logs.length).toBeGreaterThanOrEqual(3);
    expect(lines.find((line) => line.includes('logs.parquet'))).toMatch(new RegExp(`logs\\.parquet\\s+${stored.logs.length}\\s`));
    expect(lines.at(-1)).toMatch(/^total\s+\d+\s/);

    const spans = join(dir, 'spans.parquet');
    expect(await queryParquet(`SELECT count(*) FROM read_parquet('${spans}')`)).toEqual([[4n]]);
    expect(
      await queryParquet(`SELECT ServiceName, SpanName, ParentSpanId FROM read_parquet('${spans}') WHERE SpanId = '${SEED.paymentsSpan}'`),
    ).toEqual([['payments', 'POST /charge', SEED.serverSpan]]);
    expect(await queryParquet(`SELECT count(*) FROM read_parquet('${spans}') WHERE TraceId = '${SEED.oldTrace}'`)).toEqual([[0n]]);
    expect(await queryParquet(`SELECT ExceptionType, Fingerprint <> '' FROM read_parquet('${join(dir, 'exceptions.parquet')}')`)).toEqual([
      ['TypeError', true],
    ]);
  });

  it('refuses to overwrite earlier files unless --force, and a longer window holds the old span', async () => {
    const again = await sightline(['export', '--out', 'exported']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/spans\.parquet, .+ already exist; pass --force to overwrite/);
    const forced = await sightline(['export', '--since', '4h', '--out', 'exported', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await queryParquet(`SELECT count(*) FROM read_parquet('${join(workDir, 'exported', 'spans.parquet')}')`)).toEqual([[5n]]);
  });

  it('prints the console’s issue list when it refuses a time, and creates no --out folder', async () => {
    const run = await sightline(['export', '--since', 'last tuesday', '--out', 'never']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'sightline: the console refused the query: bad query parameter(s): since\n' +
        '  since: "last tuesday" is not a time: use RFC 3339, epoch ms or a duration like 15m\n',
    );
    expect(existsSync(join(workDir, 'never'))).toBe(false);
  });

  it('creates no --out folder for an empty window either', async () => {
    const run = await sightline(['export', '--since', '1h', '--until', '2h', '--out', 'empty-window']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the console refused the query');
    expect(existsSync(join(workDir, 'empty-window'))).toBe(false);
  });

  it('says --out is a file when it names one (exit 2)', async () => {
    writeFileSync(join(workDir, 'notes.txt'), 'mine\n');
    const run = await sightline(['export', '--out', 'notes.txt']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sightline: --out notes.txt is a file, not a directory\n');
  });

  it('says "already exists" of a single file in the way', async () => {
    mkdirSync(join(workDir, 'one-left'));
    writeFileSync(join(workDir, 'one-left', 'spans.parquet'), '');
    const run = await sightline(['export', '--out', 'one-left']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `sightline: ${join(workDir, 'one-left', 'spans.parquet')} already exists; pass --force to overwrite, or choose another --out\n`,
    );
  });
});

describe('talking to the console', () => {
  it('says how to start the console when none is reachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await sightline(['traces'], { SIGHTLINE_CONSOLE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `sightline: cannot reach the console at ${url} (connection refused). Start it with \`sightline console\` (or \`npm start\` in the repository), or point at a running one with --console URL or SIGHTLINE_CONSOLE_URL\n`,
    );
  });

  it('sends SIGHTLINE_CONSOLE_TOKEN as a bearer token and says when one is needed', async () => {
    const guarded = await startConsole({ memory: true, port: 0, otlpPort: 0, token: 'console-test-token-0123456789' });
    try {
      const without = await sightline(['errors', '--console', guarded.url]);
      expect(without.code).toBe(1);
      expect(without.stderr).toContain("(HTTP 401): set SIGHTLINE_CONSOLE_TOKEN to the console's token");
      const withToken = await sightline(['errors', '--console', guarded.url], { SIGHTLINE_CONSOLE_TOKEN: 'console-test-token-0123456789' });
      expect(withToken.stderr).toBe('');
      expect(withToken.stdout).toBe('no errors in this window\n');
    } finally {
      await guarded.close();
    }
  });

  it("points at the UI port when --console is the console's OTLP port", async () => {
    const otlp = new URL(consoleApp.otlpUrl);
    const run = await sightline(['traces', '--console', otlp.origin]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sightline: ${otlp.origin} is the console's OTLP receiver (404: no OTLP endpoint at /api/traces); ` +
        `the API is on the UI port, default 18888: try --console http://${otlp.hostname}:18888\n`,
    );
  });

  it('names an API parameter the console refused', async () => {
    const run = await sightline(['logs', '--since', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('  since: "soon" is not a time');
  });
});

describe('stored text in the terminal', () => {
  it('writes control characters out instead of letting a log body clear the screen, retitle the window or overwrite a line', async () => {
    const nowNs = String(BigInt(Date.now()) * 1_000_000n);
    const evil = 'real failure\u001b[2J\u001b]0;pwned-title\u0007\rFAKE: all good\u009b31m';
    await postOtlp(consoleApp.otlpUrl, 'logs', {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ansi-svc' } }] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: nowNs,
                  severityNumber: 17,
                  body: { stringValue: evil },
                  attributes: [{ key: 'k', value: { stringValue: 'v\u001b[41mBG' } }],
                },
              ],
            },
          ],
        },
      ],
    });
    const run = await eventually(async () => {
      const found = await sightline(['logs', '--service', 'ansi-svc']);
      return found.stdout.includes('FAKE') ? found : undefined;
    }, 'the stored line');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that none reach the terminal
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stdout).toContain('real failure\\e[2J\\e]0;pwned-title\\a\\rFAKE: all good\\u009b31m');
    expect(run.stdout).toContain('k=v\\e[41mBG');
    // JSON keeps the text as stored (escaped by JSON itself).
    const json = JSON.parse((await sightline(['logs', '--service', 'ansi-svc', '--json'])).stdout) as { logs: { body: string }[] };
    expect(json.logs[0]?.body).toBe(evil);
  });
});

describe('sightline logs --follow across a console restart', () => {
  it('says it lost the console, reconnects, and goes on after the last line printed', async () => {
    const logLine = (body: string) => ({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'restarting' } }] },
          scopeLogs: [
            { logRecords: [{ timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), severityNumber: 9, body: { stringValue: body } }] },
          ],
        },
      ],
    });
    let first = await startConsole({ memory: true, port: 0, otlpPort: 0 });
    const port = Number(new URL(first.url).port);
    const controller = new AbortController();
    const capture = captureIo({ SIGHTLINE_CONSOLE_URL: first.url }, workDir, controller.signal);
    const running = runCli(['logs', '--follow', '--service', 'restarting'], capture.io);
    try {
      await postOtlp(first.otlpUrl, 'logs', logLine('before the restart'));
      await eventually(() => (capture.out().includes('before the restart') ? true : undefined), 'the first line', POLL);
      await first.close();
      await eventually(() => (capture.err().includes('reconnecting') ? true : undefined), 'the lost console said', POLL);
      first = await startConsole({ memory: true, port, otlpPort: 0 });
      await postOtlp(first.otlpUrl, 'logs', logLine('after the restart'));
      await eventually(() => (capture.out().includes('after the restart') ? true : undefined), 'the line after the restart', POLL);
    } finally {
      controller.abort();
      await first.close();
    }
    expect(await running).toBe(0);
    expect(capture.out().match(/before the restart/g)).toHaveLength(1);
    expect(capture.err()).toContain('reconnected to the console; following again');
    expect(capture.err()).not.toContain('unexpected error');
  });
});
