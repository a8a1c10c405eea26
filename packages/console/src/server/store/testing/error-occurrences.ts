import { randomBytes } from 'node:crypto';
import type { LogRow, SpanRow } from '../rows.js';

export interface ErrorOccurrencesOptions {
  /** The group they all belong to (given as `sightline.error.fingerprint`, as the SDK does). */
  fingerprint: string;
  /** Time of the newest batch, ns. */
  newestNs: bigint;
  /** Occurrences recorded on one span each, each in a trace of its own. */
  spanOccurrences: number;
  /** How many of them share each timestamp (a burst of failed requests). Default 6. */
  perTimestamp?: number;
  /** Gap between the batches, ns. Default 1 s. */
  stepNs?: bigint;
  /** Exceptions outside any span, logged alike, all at the newest batch's time. Default 0. */
  logOnly?: number;
  serviceName?: string;
}

const STACK = `Error: card declined by issuer
    at chargeCard (/srv/payments/src/charge.ts:42:11)
    at async placePayment (/srv/payments/src/routes.ts:88:5)`;

/**
 * Many occurrences of one error group, with ties in time (what paging through them must survive):
 * span exception events in batches of `perTimestamp` at one nanosecond, newest batch first at
 * `newestNs`, and `logOnly` identical log records outside any span at that same time. Every one
 * is an occurrence of its own: `spanOccurrences + logOnly` in all.
 */
export function generateErrorOccurrences(options: ErrorOccurrencesOptions): { spans: SpanRow[]; logs: LogRow[]; count: number } {
  const perTimestamp = options.perTimestamp ?? 6;
  const stepNs = options.stepNs ?? 1_000_000_000n;
  const serviceName = options.serviceName ?? 'payments';
  const exception = {
    'exception.type': 'CardDeclinedError',
    'exception.message': 'card declined by issuer',
    'exception.stacktrace': STACK,
    'sightline.error.fingerprint': options.fingerprint,
  };
  const spans: SpanRow[] = [];
  for (let index = 0; index < options.spanOccurrences; index++) {
    const time = options.newestNs - BigInt(Math.floor(index / perTimestamp)) * stepNs;
    spans.push({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: 'POST /payments',
      kind: 2,
      startTimeUnixNano: time - 1_000_000n,
      endTimeUnixNano: time + 1_000_000n,
      statusCode: 2,
      serviceName,
      attributes: { 'http.route': '/payments', 'http.response.status_code': 402 },
      events: [{ name: 'exception', timeUnixNano: time, attributes: exception }],
    });
  }
  const logs: LogRow[] = Array.from({ length: options.logOnly ?? 0 }, () => ({
    timeUnixNano: options.newestNs,
    severityNumber: 17,
    body: 'charge failed',
    serviceName,
    attributes: exception,
  }));
  return { spans, logs, count: spans.length + logs.length };
}
