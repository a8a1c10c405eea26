import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '@sightline/console';
import { eventually } from '@sightline/sdk/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/program.js';
import { captureIo } from '../support/capture-io.js';
import { postOtlp, seedBodies } from '../support/console-seed.js';
import { startLocalServer } from '../support/local-server.js';
import { runSightline } from '../support/processes.js';

// `sightline console` itself: the flags reach the console, the URLs are printed, Ctrl-C (the
// io's abort signal) stops it after committing, and a non-loopback bind prints a login URL.

/** A console starting (DuckDB opening, the first scrape) on a loaded machine: wait long, poll gently. */
const POLL = { timeoutMs: 20_000, intervalMs: 50 };

/** Starts `sightline console …`, waits for its banner, returns the URLs it printed and a stop(). */
async function startCommand(argv: string[], env: Record<string, string>, cwd: string) {
  const controller = new AbortController();
  const capture = captureIo(env, cwd, controller.signal);
  const exit = runCli(['console', ...argv], capture.io);
  let failed: unknown;
  exit.then(
    (code) => {
      if (code !== 0) failed = new Error(`sightline console exited ${code}: ${capture.err()}`);
    },
    (error: unknown) => {
      failed = error;
    },
  );
  const banner = await eventually(
    () => {
      if (failed !== undefined) throw failed;
      return capture.out().includes('OTLP/HTTP:') ? capture.out() : undefined;
    },
    'the console banner',
    POLL,
  );
  const uiUrl = /UI and API:\s+(\S+)/.exec(banner)?.[1] as string;
  const otlpUrl = /OTLP\/HTTP:\s+(\S+)/.exec(banner)?.[1] as string;
  return {
    banner,
    uiUrl,
    otlpUrl,
    err: capture.err,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
}

describe('sightline console', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-console-command-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('stores to --db, prints its URLs and store, and keeps what it acknowledged after Ctrl-C', async () => {
    const db = join(directory, 'data', 'console.duckdb');
    const flags = ['--db', db, '--port', '0', '--otlp-port', '0', '--retention', '2d', '--max-size', '64MB', '--memory-limit', '256MiB'];
    const first = await startCommand(flags, {}, directory);
    expect(first.banner).toContain(`Store:       ${db}   retention 2d, max 64MB, memory 256MiB`);
    expect(new URL(first.uiUrl).hostname).toBe('127.0.0.1');
    expect(first.banner).not.toContain('token');
    await postOtlp(first.otlpUrl, 'traces', seedBodies(Date.now()).traces);
    expect(await first.stop()).toBe(0);
    expect(first.err()).toContain('stopping');
    expect(existsSync(db)).toBe(true);

    // Reopened on the same file: the spans are still there.
    const second = await startCommand(flags, {}, directory);
    try {
      const answer = (await (await fetch(`${second.uiUrl}/api/store`)).json()) as {
        rows: { spans: number };
        memory: { duckdbLimitBytes: number };
      };
      expect(answer.rows.spans).toBeGreaterThan(0);
      expect(answer.memory.duckdbLimitBytes).toBe(256 * 2 ** 20);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('prints login URLs a browser can open, with a generated token, when bound to 0.0.0.0, and warns that ingest is open', async () => {
    const running = await startCommand(['--memory', '--host', '0.0.0.0', '--port', '0', '--otlp-port', '0'], {}, directory);
    try {
      expect(running.banner).toContain('(token generated for this run)');
      expect(running.banner).not.toContain('0.0.0.0');
      expect(new URL(running.uiUrl).hostname).toBe(hostname() === 'localhost' ? '127.0.0.1' : hostname());
      const local = /(\S+)\s+\(this machine\)/.exec(running.banner)?.[1] as string;
      const login = new URL(local);
      expect(login.hostname).toBe('127.0.0.1');
      expect(login.pathname).toBe('/login');
      const token = login.searchParams.get('token') as string;
      expect(new URL(running.uiUrl).searchParams.get('token')).toBe(token);
      expect((await fetch(`${login.origin}/api/services`)).status).toBe(401);
      expect((await fetch(`${login.origin}/api/services`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const otlpPort = new URL(running.otlpUrl).port;
      expect(running.err()).toContain(
        `sightline console: warning: OTLP/HTTP listens on 0.0.0.0:${otlpPort} without an ingest key: anyone who can reach that port can write telemetry.`,
      );
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('limits OTLP bodies to --max-body-size after decompression, and names the flag when its value is no size', async () => {
    const running = await startCommand(['--memory', '--port', '0', '--otlp-port', '0', '--max-body-size', '4KB'], {}, directory);
    try {
      const post = (body: string) =>
        fetch(`${running.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect((await post('{}')).status).toBe(200);
      expect((await post(JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(5_000) }))).status).toBe(413);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    const refused = captureIo({}, directory);
    expect(await runCli(['console', '--memory', '--max-body-size', 'lots'], refused.io)).toBe(2);
    expect(refused.err()).toContain('--max-body-size');
    const tooSmall = captureIo({}, directory);
    expect(await runCli(['console', '--memory', '--port', '0', '--otlp-port', '0', '--memory-limit', '16MB'], tooSmall.io)).toBe(2);
    expect(tooSmall.err()).toBe('sightline: --memory-limit: at least 64MiB (DuckDB needs it for ingest and queries), got "16MB"\n');
  });

  it('scrapes each --scrape target and answers browsers from each --cors-origin', async () => {
    const target = await startLocalServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE jobs_waiting gauge\njobs_waiting 3\n');
    });
    const flags = ['--memory', '--port', '0', '--otlp-port', '0', '--scrape', `${target.url}/metrics`, '--cors-origin', 'http://app.test'];
    const running = await startCommand(flags, {}, directory);
    try {
      const preflight = await fetch(`${running.otlpUrl}/v1/logs`, {
        method: 'OPTIONS',
        headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
      // The first scrape runs at start: the sample is stored and listed as scraped.
      const scraped = await eventually(
        async () => {
          const answer = (await (await fetch(`${running.uiUrl}/api/metrics`)).json()) as { metrics: { name: string; source: string }[] };
          return answer.metrics.find((metric) => metric.name === 'jobs_waiting');
        },
        'the scraped metric',
        POLL,
      );
      expect(scraped.source).toBe('scrape');
      expect(target.requests.some((request) => request.url === '/metrics')).toBe(true);
    } finally {
      expect(await running.stop()).toBe(0);
      await target.close();
    }
  });

  it('takes the token and the ingest key from the environment', async () => {
    const env = { SIGHTLINE_CONSOLE_TOKEN: 'env-token-0123456789abcdef', SIGHTLINE_CONSOLE_INGEST_KEY: 'env-key-0123456789abcdef' };
    const running = await startCommand(['--memory', '--port', '0', '--otlp-port', '0'], env, directory);
    try {
      expect(running.uiUrl).toContain(`token=${env.SIGHTLINE_CONSOLE_TOKEN}`);
      const otlp = running.otlpUrl;
      const post = (headers: Record<string, string>) =>
        fetch(`${otlp}/v1/traces`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers } });
      expect((await post({})).status).toBe(401);
      expect((await post({ 'x-otlp-api-key': env.SIGHTLINE_CONSOLE_INGEST_KEY })).status).toBe(200);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it("writes a line per API request to stderr with --log-level info, under the caller's x-request-id, without the token", async () => {
    const token = 'log-token-0123456789abcdef';
    // The console writes its lines to the process's stderr, not through the CLI's io.
    const stderr = vi.spyOn(process.stderr, 'write');
    const running = await startCommand(
      ['--memory', '--port', '0', '--otlp-port', '0', '--log-level', 'info', '--token', token],
      {},
      directory,
    );
    try {
      const origin = new URL(running.uiUrl).origin;
      const answer = await fetch(`${origin}/api/store`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'cli-check-1' } });
      expect(answer.headers.get('x-request-id')).toBe('cli-check-1');
      await fetch(running.uiUrl, { redirect: 'manual' });
      const written = () => stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
      const lines = await eventually(() => (written().includes('(GET /login?token=') ? written() : undefined), 'the access lines', POLL);
      expect(lines).toMatch(/sightline console: request cli-check-1 \(GET \/api\/store\) answered 200 in \d+\.\d ms\n/);
      expect(lines).toMatch(/sightline console: request \S+ \(GET \/login\?token=\[redacted\]\) answered 302 in /);
      expect(lines).not.toContain(token);
    } finally {
      expect(await running.stop()).toBe(0);
      stderr.mockRestore();
    }
  });
});

describe('sightline console refusing to start', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-console-refusals-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const run = async (argv: string[]) => {
    const capture = captureIo({}, directory);
    const code = await runCli(['console', '--port', '0', '--otlp-port', '0', ...argv], capture.io);
    return { code, out: capture.out(), err: capture.err() };
  };

  it.each([
    [['--memory', '--scrape', 'ftp://x/metrics'], 'a scrape target is an http:// or https:// URL'],
    [['--memory', '--db', 'console.duckdb'], '--memory keeps nothing on disk, so --db console.duckdb would be ignored: give one of them'],
    [['--memory', '--max-size', '-1'], '--max-size caps the database files on disk and means nothing with --memory'],
    [['--memory', '--max-size', 'lots'], '--max-size caps the database files on disk and means nothing with --memory'],
    [['--memory', '--max-size', '64MB'], '--max-size caps the database files on disk and means nothing with --memory'],
    [['--db', 'console.duckdb', '--max-size', 'lots'], '--max-size: expected a size like 2GB, 512MiB or a number of bytes, got "lots"'],
    [['--db', 'console.duckdb', '--max-size', '1KB'], '--max-size: at least 8MiB (the newest partition is never dropped'],
    [['--memory', '--retention', 'forever'], '--retention: expected a duration like 7d, 12h, 30m or milliseconds, got "forever"'],
    [['--memory', '--log-level', 'loud'], "option '--log-level <level>' argument 'loud' is invalid"],
  ])('refuses %j as a usage error (exit 2), without a stack', async (argv, message) => {
    const answer = await run(argv);
    expect(answer.code).toBe(2);
    expect(answer.err).toContain(message);
    expect(answer.err).not.toMatch(/unexpected error|\n\s+at /);
    expect(answer.out).toBe('');
  });

  it('names the flag the user typed, on one line, when the console refuses its value', async () => {
    const answer = await run(['--db', join(directory, 'console.duckdb'), '--max-size', '1KB']);
    expect(answer.code).toBe(2);
    expect(answer.err).toBe(
      'sightline: --max-size: at least 8MiB (the newest partition is never dropped and grows to an eighth of the cap, at least 1 MiB, so a smaller cap cannot hold), got "1KB"\n',
    );
    const several = await run([
      '--db',
      join(directory, 'console.duckdb'),
      '--max-size',
      '2QB',
      '--retention',
      '5x',
      '--memory-limit',
      'abc',
    ]);
    expect(several.code).toBe(2);
    expect(several.err).toBe(
      'sightline: --max-size: expected a size like 2GB, 512MiB or a number of bytes, got "2QB"; --retention: expected a duration like 7d, 12h, 30m or milliseconds, got "5x"; --memory-limit: expected a size like 2GB, 512MiB or a number of bytes, got "abc"\n',
    );
    const slo = await run(['--memory', '--slo', 'missing.slo.yaml']);
    expect(slo.code).toBe(2);
    expect(slo.err).toMatch(/^sightline: --slo: \S*missing\.slo\.yaml: ENOENT[^\n]*\n$/);
  });

  it.each([
    [['--retention', 'forever'], '--retention'],
    [['--max-size', '1KB'], '--max-size'],
    [['--memory-limit', '1MB'], '--memory-limit'],
    [['--slo', 'missing.slo.yaml'], '--slo'],
    [['--max-body-size', 'lots'], '--max-body-size'],
  ])('checks every flag before it makes the folder of a new --db: %j leaves nothing behind', async (argv, flag) => {
    const db = join(directory, 'new', 'dir', 'console.duckdb');
    const answer = await run(['--db', db, ...argv]);
    expect(answer.code).toBe(2);
    expect(answer.err).toContain(`sightline: ${flag}`);
    expect(existsSync(join(directory, 'new'))).toBe(false);
  });

  it('says when the folder of --db cannot be made', async () => {
    writeFileSync(join(directory, 'a-file'), '');
    const db = join(directory, 'a-file', 'sub', 'console.duckdb');
    const answer = await run(['--db', db]);
    expect(answer.code).toBe(1);
    expect(answer.err).toMatch(new RegExp(`^sightline: cannot create the folder of --db ${db}: ENOTDIR: not a directory, mkdir `));
  });

  it.runIf(process.platform === 'linux')(
    'says when the folder of --db cannot be made under /proc (a recursive mkdir never returned)',
    async () => {
      const answer = await run(['--db', '/proc/sightline-nope/console.duckdb']);
      expect(answer.code).toBe(1);
      expect(answer.err).toBe(
        "sightline: cannot create the folder of --db /proc/sightline-nope/console.duckdb: ENOENT: no such file or directory, mkdir '/proc/sightline-nope'\n",
      );
    },
  );

  it('says --db is a directory when it is one (exit 2)', async () => {
    const answer = await run(['--db', directory]);
    expect(answer.code).toBe(2);
    expect(answer.err).toBe(`sightline: --db ${directory} is a directory: give a file path, e.g. ${directory}/console.duckdb\n`);
  });

  it('says which port is in use and which flag picks another (exit 1)', async () => {
    const taken = await startLocalServer((_req, res) => {
      res.end();
    });
    try {
      const port = new URL(taken.url).port;
      const ui = await run(['--memory', '--port', port]);
      expect(ui.code).toBe(1);
      expect(ui.err).toBe(`sightline: port ${port} on 127.0.0.1 is in use: pick another with --port\n`);
      const otlp = await run(['--db', join(directory, 'console.duckdb'), '--otlp-port', port]);
      expect(otlp.code).toBe(1);
      expect(otlp.err).toBe(`sightline: port ${port} on 127.0.0.1 is in use: pick another with --otlp-port\n`);
    } finally {
      await taken.close();
    }
  });

  it('says when --host is no address this machine has or resolves (exit 2)', async () => {
    const answer = await run(['--memory', '--host', '999.1.1.1']);
    expect(answer.code).toBe(2);
    expect(answer.err).toBe(
      'sightline: --host 999.1.1.1 is neither an IP address nor a name this machine resolves: use e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)\n',
    );
  });
});

describe('sightline console as a process', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sightline-console-process-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('exits at once with a usage error for a scrape URL that is not http(s), instead of hanging', async () => {
    const db = join(directory, 'console.duckdb');
    const run = await runSightline(
      ['console', '--db', db, '--port', '0', '--otlp-port', '0', '--scrape', 'ftp://x/metrics'],
      {},
      { timeoutMs: 30_000 },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      "error: option '--scrape <url>' argument 'ftp://x/metrics' is invalid. a scrape target is an http:// or https:// URL",
    );
    expect(existsSync(db)).toBe(false);
  });

  it('exits 1 when its port is taken, after closing the database it opened (a second console opens it)', async () => {
    const taken = await startLocalServer((_req, res) => {
      res.end();
    });
    const db = join(directory, 'console.duckdb');
    try {
      const port = new URL(taken.url).port;
      const run = await runSightline(['console', '--db', db, '--port', port, '--otlp-port', '0'], {}, { timeoutMs: 30_000 });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe(`sightline: port ${port} on 127.0.0.1 is in use: pick another with --port\n`);
    } finally {
      await taken.close();
    }
    const reopened = await startConsole({ db, port: 0, otlpPort: 0 });
    await reopened.close();
  });
});
