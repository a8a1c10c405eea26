import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type CheckResult, failed, passed } from './check.js';
import type { Answer } from './http-get.js';
import { type LogLines, readLogTail, traceIdsOf } from './log-file.js';

export interface TraceProbe {
  readonly traceId: string;
  readonly traceparent: string;
}

/** A fresh sampled W3C traceparent to send with the traced request. */
export function newTraceProbe(): TraceProbe {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

/** The trace id of a `traceresponse` (W3C Trace Context level 2) or echoed `traceparent` header. */
function headerTraceId(answer: Answer): string | undefined {
  for (const name of ['traceresponse', 'traceparent']) {
    const id = answer.headers.get(name)?.split('-')[1];
    if (id !== undefined) return id;
  }
  return undefined;
}

/** Access lines are written when the response closes: the log gets a moment to show the request. */
async function logLineWith(path: string, traceId: string, waitMs: number): Promise<Record<string, unknown> | undefined> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const log: LogLines | string = await readLogTail(path);
    const line = typeof log === 'string' ? undefined : log.records.find((record) => traceIdsOf(record)?.traceId === traceId);
    if (line !== undefined || performance.now() > deadline) return line;
    await delay(100);
  }
}

/** The traced request: did the service continue the caller's trace (same trace id, its own span)? */
export async function tracePropagationCheck(
  url: string,
  probe: TraceProbe,
  answer: Answer | undefined,
  logPath: string | undefined,
): Promise<CheckResult> {
  const title = 'trace propagation';
  const fix = 'continue incoming W3C traceparent headers (OpenTelemetry, the SDK) and log the request with its trace id';
  if (answer === undefined) return failed('trace', 3, title, `GET ${url} with a traceparent: no answer`, fix);
  if (headerTraceId(answer) === probe.traceId)
    return passed('trace', 3, title, `GET ${url} with traceparent ${probe.traceId}: the response carries the same trace id`);
  if (logPath === undefined)
    return failed('trace', 3, title, `sent trace ${probe.traceId}: no traceresponse header, and no --log to look for it`, fix);
  const line = await logLineWith(logPath, probe.traceId, 3_000);
  if (line === undefined)
    return failed('trace', 3, title, `sent trace ${probe.traceId}: not in a traceresponse header nor in ${logPath}`, fix);
  const span = traceIdsOf(line)?.spanId;
  return passed('trace', 3, title, `sent trace ${probe.traceId}: ${logPath} logs it with the service's span ${span}`);
}
