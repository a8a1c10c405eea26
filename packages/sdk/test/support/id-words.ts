import type { SpanIdWords } from '@sightline/otlp/encode';

/** The words a span's ids spell (SpanInput.idWords), read from their hex digits: what the id generator must hand over. */
export function idWordsOf(traceId: string, spanId: string): SpanIdWords {
  const bytes = Buffer.from(traceId + spanId, 'hex');
  return {
    trace0: bytes.readInt32BE(0),
    trace1: bytes.readInt32BE(4),
    trace2: bytes.readInt32BE(8),
    trace3: bytes.readInt32BE(12),
    span0: bytes.readInt32BE(16),
    span1: bytes.readInt32BE(20),
  };
}
