import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { eventually } from '@sightline/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';

const FIXTURE = new URL('./fixtures/log-exceptions-service.ts', import.meta.url).pathname;
const NODE_ARGS = ['--conditions=sightline-source', '--import', 'tsx'];
const SERVICE = 'log-exceptions';

interface ErrorGroup {
  fingerprint: string;
  type: string;
  message: string;
  count: number;
  services: string[];
  routes: string[];
}
interface ErrorGroupDetail extends ErrorGroup {
  occurrences: { traceId: string; service: string; sources: string[]; recordings: number }[];
}
interface LogLine {
  msg?: string;
  mechanism?: string;
  fingerprint?: string;
  trace_id?: string;
}

let consoleApp: RunningConsole;
/** The service's stdout log lines, its exit code and the fingerprint it computed for its logged error. */
let run: { lines: LogLine[]; code: number | null; auditFingerprint: string };

const api = async <T>(path: string): Promise<T | undefined> => {
  const response = await fetch(`${consoleApp.url}${path}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};
const groupOf = (fingerprint: string | undefined) =>
  eventually(() => api<ErrorGroupDetail>(`/api/errors/${fingerprint}`), `error group ${fingerprint}`, 15_000);
const captured = (mechanism: string) => run.lines.find((line) => line.msg === 'error captured' && line.mechanism === mechanism);

beforeAll(async () => {
  consoleApp = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  const child = spawn(process.execPath, [...NODE_ARGS, FIXTURE], {
    env: { ...process.env, FIXTURE_OTLP_URL: consoleApp.otlpUrl, FIXTURE_SERVICE: SERVICE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const marker = stderr
    .split('\n')
    .filter((line) => line.startsWith('{"auditFingerprint"'))
    .at(-1);
  if (marker === undefined) throw new Error(`the service printed no fingerprint (exit ${code}):\n${stderr}`);
  run = {
    lines: stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine),
    code,
    auditFingerprint: (JSON.parse(marker) as { auditFingerprint: string }).auditFingerprint,
  };
});
afterAll(async () => {
  await consoleApp?.close();
});

describe('errors an SDK service reports only in its logs', () => {
  it('a crash outside any request (an unhandled EADDRINUSE) is an error group under the fingerprint the SDK printed, from the log', async () => {
    expect(run.code).toBe(1);
    const crash = captured('unhandledRejection');
    expect(crash?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(crash?.trace_id).toBeUndefined();

    const group = await groupOf(crash?.fingerprint);
    expect(group).toMatchObject({ fingerprint: crash?.fingerprint, type: 'Error', count: 1, services: [SERVICE] });
    expect(group.message).toContain('EADDRINUSE');
    expect(group.occurrences).toEqual([expect.objectContaining({ traceId: '', service: SERVICE, sources: ['log'], recordings: 1 })]);
  });

  it("an error the app's logger logs outside any request is grouped under the fingerprint the SDK's module gives it", async () => {
    const group = await groupOf(run.auditFingerprint);
    expect(group).toMatchObject({ type: 'RangeError', message: 'audit window of 86400 s exceeded', count: 1 });
    expect(group.occurrences).toEqual([expect.objectContaining({ sources: ['log'] })]);
  });

  it('a failed request is one group and one occurrence: its span event, its captured line and its access line', async () => {
    const failed = captured('http');
    expect(failed?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const group = await groupOf(failed?.fingerprint);
    expect(group).toMatchObject({ type: 'Error', message: 'ledger closed for order 7', count: 1, routes: ['/settle'] });
    // Both log lines of the request reach the console (the access line is written as the response closes).
    const occurrence = await eventually(
      async () => {
        const detail = await api<ErrorGroupDetail>(`/api/errors/${failed?.fingerprint}`);
        return detail?.occurrences[0]?.recordings === 3 ? detail.occurrences : undefined;
      },
      'the span event and both log lines of the failed request',
      15_000,
    );
    expect(occurrence).toEqual([expect.objectContaining({ traceId: failed?.trace_id, sources: ['log', 'span'], recordings: 3 })]);
  });

  it('opens no other group: every log record of an error names the group the SDK gave it', async () => {
    const groups = await api<{ groups: ErrorGroup[] }>(`/api/errors?service=${SERVICE}`);
    const expected = [run.auditFingerprint, captured('http')?.fingerprint, captured('unhandledRejection')?.fingerprint];
    expect(groups?.groups.map((group) => group.fingerprint).sort()).toEqual(expected.sort());
  });
});
