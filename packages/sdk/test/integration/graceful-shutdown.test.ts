import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/testing/index.js';
import { type ChildService, type LogLine, startChildService } from './child-service.js';

const CLIENTS = 40;
const SHUTDOWN_DELAY_MS = 500;

interface Outcome {
  readonly id: string;
  readonly status?: number;
  readonly body?: string;
  readonly connection?: string | undefined;
  readonly error?: string;
}

function send(url: string, id: string, agent: Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    get(url, { agent, headers: { 'x-request-id': id } }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ id, status: res.statusCode, body, connection: res.headers.connection }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
    }).on('error', (error: NodeJS.ErrnoException) => resolve({ id, error: error.code ?? error.message }));
  });
}

const isLine = (msg: string) => (line: LogLine) => line.msg === msg;

let child: ChildService | undefined;
let dir = '';
afterAll(async () => {
  await child?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('graceful shutdown of a real child process under load', () => {
  it('finishes every accepted request, fails readiness while draining, refuses new connections, runs cleanup and exits 0', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sightline-graceful-'));
    const proofFile = join(dir, 'cleanup.txt');
    child = await startChildService('graceful-service.ts', {
      FIXTURE_PROOF_FILE: proofFile,
      SIGHTLINE_SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
      NODE_ENV: 'production',
    });
    const service = child;
    const details = () => service.output();

    // 40 keep-alive clients, each sending /slow (300-800 ms) back to back until the server refuses them.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const outcomes: Outcome[] = [];
    let sequence = 0;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (;;) {
        const id = `c${client}-r${++sequence}`;
        const ms = 300 + Math.floor(Math.random() * 500);
        const outcome = await send(`${service.url}/slow?ms=${ms}`, id, agent);
        outcomes.push(outcome);
        if (outcome.error !== undefined) return;
      }
    });
    // One request held until SIGUSR2: still in flight after the listener closed.
    const gate = send(`${service.url}/gate`, 'gate', false);
    await service.waitForLog(isLine('gate started'), 'for the gate request');
    // Mid-load: every client has a request in flight and keep-alive connections were reused.
    await eventually(async () => (service.logs.filter(isLine('slow started')).length >= CLIENTS * 2 ? true : undefined), 'load', {
      timeoutMs: 30_000,
      retryErrors: true,
      intervalMs: 20,
      details,
    });

    expect(service.signal('SIGTERM')).toBe(true);

    // Readiness from fresh connections: 503 while the listener stays open for the delay, then refused.
    const readiness: Outcome[] = [];
    await eventually(
      async () => {
        const outcome = await send(`${service.url}/readyz`, `ready-${readiness.length}`, false);
        readiness.push(outcome);
        return outcome.error === 'ECONNREFUSED' ? true : undefined;
      },
      'the listener to close',
      { timeoutMs: 30_000, retryErrors: true, intervalMs: 10, details },
    );
    // A second signal during the drain starts no second shutdown.
    expect(service.signal('SIGTERM')).toBe(true);
    await service.waitForLog((line) => String(line.msg).startsWith('already shutting down'), 'the ignored second signal');
    expect(await Promise.race([gate.then(() => 'answered'), Promise.resolve('still in flight')])).toBe('still in flight');
    expect(service.signal('SIGUSR2')).toBe(true);

    const gateOutcome = await gate;
    await Promise.all(clients);
    const exit = await service.stop();
    agent.destroy();

    expect(exit).toEqual({ code: 0, signal: null });

    // Every request the service started handling, before or after SIGTERM, completed with 200.
    const logs = service.logs;
    const shutdownAt = logs.findIndex(isLine('shutting down: readiness fails from now on'));
    expect(shutdownAt).toBeGreaterThan(0);
    const started = logs.filter(isLine('slow started')).map((line) => String(line.id));
    const acceptedBeforeSigterm = logs.slice(0, shutdownAt).filter(isLine('slow started'));
    const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
    const failed = started.filter((id) => byId.get(id)?.status !== 200 || byId.get(id)?.body !== `ok:${id}`);
    expect(failed).toEqual([]);
    expect(acceptedBeforeSigterm.length).toBeGreaterThanOrEqual(CLIENTS * 2);
    expect(gateOutcome).toMatchObject({ status: 200, body: 'ok:gate' });
    // Requests that failed were never accepted: connections refused or closed before a request was read.
    const startedIds = new Set(started);
    for (const outcome of outcomes.filter((each) => each.error !== undefined)) {
      expect(startedIds.has(outcome.id)).toBe(false);
      expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']).toContain(outcome.error);
    }

    // Responses written after SIGTERM told the client to close its keep-alive connection.
    const answeredAfterSigterm = logs
      .slice(shutdownAt)
      .filter((line) => line.msg === 'request completed' && line.route === '/slow')
      .map((line) => String(line.request_id));
    expect(answeredAfterSigterm.length).toBeGreaterThan(0);
    expect(answeredAfterSigterm.filter((id) => byId.get(id)?.connection !== 'close')).toEqual([]);
    expect(gateOutcome.connection).toBe('close');

    // Readiness: 200 at most until the signal landed, then only 503 "shutting down", then refused.
    const statuses = readiness.map((outcome) => outcome.status ?? outcome.error);
    const firstUnready = statuses.indexOf(503);
    expect(firstUnready).toBeGreaterThanOrEqual(0);
    // A connection still in the accept backlog when the listener closes is reset, not refused:
    // after the 503s come only connection errors, ending with the refusal the poll waits for.
    const afterSignal = statuses.slice(firstUnready);
    const firstError = afterSignal.findIndex((status) => typeof status === 'string');
    expect(
      afterSignal.slice(0, firstError).every((status) => status === 503),
      String(afterSignal),
    ).toBe(true);
    expect(
      afterSignal.slice(firstError).every((status) => status === 'ECONNREFUSED' || status === 'ECONNRESET'),
      String(afterSignal),
    ).toBe(true);
    expect(statuses.at(-1)).toBe('ECONNREFUSED');
    expect(JSON.parse(readiness[firstUnready]?.body ?? '{}')).toMatchObject({ status: 'unhealthy', reason: 'shutting down' });

    // Cleanup ran after the drain, and telemetry (these log lines) was flushed before exit.
    expect(existsSync(proofFile)).toBe(true);
    expect(readFileSync(proofFile, 'utf8')).toBe('pool closed with 0 requests in flight\n');
    expect(logs.some(isLine('requests drained; closing resources'))).toBe(true);
    expect(logs.filter(isLine('shutting down: readiness fails from now on'))).toHaveLength(1);
  });
});
