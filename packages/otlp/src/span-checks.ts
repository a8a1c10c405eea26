import { optionalIdProblem, requiredIdProblem, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
import type { Span } from './types.js';

/**
 * Why a decoded span must be rejected, or undefined when it is valid. The same checks run
 * after protobuf and JSON decoding, so both formats reject the same spans.
 */
export function spanProblem(span: Span): string | undefined {
  const problem =
    requiredIdProblem('traceId', span.traceId, TRACE_ID_BYTES) ??
    requiredIdProblem('spanId', span.spanId, SPAN_ID_BYTES) ??
    (span.parentSpanId === undefined ? undefined : optionalIdProblem('parentSpanId', span.parentSpanId, SPAN_ID_BYTES));
  if (problem !== undefined) return problem;
  for (let i = 0; i < span.links.length; i++) {
    const link = span.links[i]!;
    const linkProblem =
      requiredIdProblem('traceId', link.traceId, TRACE_ID_BYTES) ?? requiredIdProblem('spanId', link.spanId, SPAN_ID_BYTES);
    if (linkProblem !== undefined) return `links[${i}].${linkProblem}`;
  }
  return undefined;
}
