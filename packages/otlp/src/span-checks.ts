import { type IdSpelling, optionalIdProblem, requiredIdProblem, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
import type { Span } from './types.js';

/**
 * Why a decoded span must be rejected, or undefined when it is valid. The same checks run
 * after protobuf and JSON decoding, so both formats reject the same spans (`spelling`: see IdSpelling).
 */
export function spanProblem(span: Span, spelling: IdSpelling): string | undefined {
  const problem =
    requiredIdProblem('traceId', span.traceId, TRACE_ID_BYTES, spelling) ??
    requiredIdProblem('spanId', span.spanId, SPAN_ID_BYTES, spelling) ??
    (span.parentSpanId === undefined ? undefined : optionalIdProblem('parentSpanId', span.parentSpanId, SPAN_ID_BYTES, spelling));
  if (problem !== undefined) return problem;
  for (let i = 0; i < span.links.length; i++) {
    const link = span.links[i]!;
    const linkProblem =
      requiredIdProblem('traceId', link.traceId, TRACE_ID_BYTES, spelling) ??
      requiredIdProblem('spanId', link.spanId, SPAN_ID_BYTES, spelling);
    if (linkProblem !== undefined) return `links[${i}].${linkProblem}`;
  }
  return undefined;
}
