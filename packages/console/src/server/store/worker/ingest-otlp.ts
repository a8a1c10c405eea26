import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest, type OtlpFormat, type OtlpSignal } from '@sightline/otlp';
import { exceptionRowsOfLogs, exceptionRowsOfSpans } from '../exception-rows.js';
import { logRowsOf, metricPointRowsOf, spanRowsOf } from '../otlp-rows.js';
import type { PreparedAppend } from '../protocol.js';
import { prepareAppend } from './prepare-rows.js';

export interface DecodedAppends {
  /** The request's own rows first (acknowledged to the client), then derived rows (exceptions), prepared for the appender. */
  readonly appends: PreparedAppend[];
  readonly rejected: number;
  readonly errorMessage: string;
}

/**
 * One OTLP request body → the rows it stores, as column values. Runs in the worker, so decoding
 * costs the main thread nothing; throws OtlpDecodeError for a malformed body (nothing of it is stored).
 */
export function decodeOtlp(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array): DecodedAppends {
  switch (signal) {
    case 'traces': {
      const decoded = decodeTraceRequest(body, format);
      const spans = spanRowsOf(decoded);
      return {
        appends: [prepareAppend('spans', spans), prepareAppend('exceptions', exceptionRowsOfSpans(spans))],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
    case 'logs': {
      const decoded = decodeLogsRequest(body, format);
      const logs = logRowsOf(decoded);
      return {
        appends: [prepareAppend('logs', logs), prepareAppend('exceptions', exceptionRowsOfLogs(logs))],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
    case 'metrics': {
      const decoded = decodeMetricsRequest(body, format);
      return {
        appends: [prepareAppend('metricPoints', metricPointRowsOf(decoded))],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
  }
}
