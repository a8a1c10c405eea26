/** The two OTLP/HTTP encodings, named after what they carry. */
export type OtlpFormat = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = Object.freeze({
  protobuf: 'application/x-protobuf',
  json: 'application/json',
});

/**
 * The format a Content-Type header names, or undefined for any other media type (a receiver
 * answers 415). Parameters such as `; charset=utf-8` are allowed; case is ignored (RFC 9110).
 */
export function otlpFormatOf(contentType: string | undefined): OtlpFormat | undefined {
  if (contentType === undefined) return undefined;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === OTLP_CONTENT_TYPES.protobuf) return 'protobuf';
  if (mediaType === OTLP_CONTENT_TYPES.json) return 'json';
  return undefined;
}
