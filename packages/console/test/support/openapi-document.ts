/** The parts of the console's OpenAPI document the API tests read, and concrete paths for its templates. */

export interface ApiParameter {
  name: string;
  in: 'path' | 'query';
  description?: string;
}

export interface ApiDocument {
  openapi: string;
  paths: Record<string, { get: { parameters: ApiParameter[]; responses: Record<string, { description: string }> } }>;
}

/** A value for each path parameter that reaches the handler (a 404 for what is not stored is fine). */
const SAMPLE_PATH_VALUES: Record<string, string> = {
  traceId: '5b8efff798038103d269b633813fc60c',
  name: 'http.server.request.duration',
  fingerprint: 'no-such-group',
  file: 'spans.parquet',
};

/** `/api/traces/{traceId}` → `/api/traces/5b8e…`: a documented path with sample values in its parameters. */
export function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_all, name: string) => SAMPLE_PATH_VALUES[name] ?? name);
}
