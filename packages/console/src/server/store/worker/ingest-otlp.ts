import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest, type OtlpFormat, type OtlpSignal } from '@sightline/otlp';
import { exceptionRowsOfLogs, exceptionRowsOfSpans } from '../exception-rows.js';
import { logRowsOf, metricPointRowsOf, spanRowsOf } from '../otlp-rows.js';
import type { AppendRowsByTable, AppendTable } from '../protocol.js';

export interface DecodedAppends {
  /** The request's own rows (acknowledged to the client) and derived rows (exceptions). */
  readonly appends: { table: AppendTable; rows: AppendRowsByTable[AppendTable] }[];
  readonly rejected: number;
  readonly errorMessage: string;
}

/**
 * One OTLP request body → the rows it stores. Runs in the worker, so decoding costs the main
 * thread nothing; throws OtlpDecodeError for a malformed body (nothing of it is stored).
 */
export function decodeOtlp(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array): DecodedAppends {
  switch (signal) {
    case 'traces': {
      const decoded = decodeTraceRequest(body, format);
      const spans = spanRowsOf(decoded);
      return {
        appends: [
          { table: 'spans', rows: spans },
          { table: 'exceptions', rows: exceptionRowsOfSpans(spans) },
        ],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
    case 'logs': {
      const decoded = decodeLogsRequest(body, format);
      const logs = logRowsOf(decoded);
      return {
        appends: [
          { table: 'logs', rows: logs },
          { table: 'exceptions', rows: exceptionRowsOfLogs(logs) },
        ],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
    case 'metrics': {
      const decoded = decodeMetricsRequest(body, format);
      return {
        appends: [{ table: 'metricPoints', rows: metricPointRowsOf(decoded) }],
        rejected: decoded.rejected,
        errorMessage: decoded.errorMessage,
      };
    }
  }
}
