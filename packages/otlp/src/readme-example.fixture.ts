import {
  decodeTraceRequest,
  encodeExportResponse,
  encodeStatus,
  GrpcCode,
  OTLP_CONTENT_TYPES,
  OtlpDecodeError,
  otlpFormatOf,
  resolveLimits,
  type Span,
} from '@sightline/otlp';

const limits = resolveLimits({ maxStringBytes: 256 * 1024 }); // once, at setup
export const received: Span[] = [];

/** The answer to `POST /v1/traces`, given its Content-Type and its (decompressed) body. */
export function handleTraces(contentType: string | undefined, body: Uint8Array) {
  const format = otlpFormatOf(contentType); // accepts "application/json; charset=utf-8"
  if (format === undefined) return { status: 415, contentType: 'text/plain', body: new TextEncoder().encode('unsupported media type') };
  try {
    const traces = decodeTraceRequest(body, format, limits);
    for (const { scopeSpans } of traces.resourceSpans) for (const { spans } of scopeSpans) received.push(...spans);
    // 200: empty when all spans were valid, else a partial success naming what was rejected.
    return { status: 200, contentType: OTLP_CONTENT_TYPES[format], body: encodeExportResponse('traces', traces, format) };
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    const status = encodeStatus({ code: GrpcCode.INVALID_ARGUMENT, message: error.message }, format);
    return { status: 400, contentType: OTLP_CONTENT_TYPES[format], body: status };
  }
}
