/** The parts of the console's OpenAPI document the API tests read, concrete paths for its templates, and the API's refusal body. */

export interface ApiParameter {
  name: string;
  in: 'path' | 'query';
  description?: string;
}

export interface ApiOperation {
  parameters: ApiParameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

export interface ApiDocument {
  openapi: string;
  /** Most routes are GETs; an error group's status is a PUT, silences are made (POST) and ended (DELETE). */
  paths: Record<string, Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', ApiOperation>>>;
}

export type ApiMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Each documented operation with its path and method. */
export function operationsOf(document: ApiDocument): { path: string; method: ApiMethod; operation: ApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase() as ApiMethod, operation })),
  );
}

/** The body of the API's 400 (and other refusals): what was wrong, parameter by parameter. */
export interface ErrorAnswer {
  error: string;
  message: string;
  issues: { parameter: string; message: string }[];
}

/** A value for each path parameter that reaches the handler (a 404 for what is not stored is fine). */
const SAMPLE_PATH_VALUES: Record<string, string> = {
  traceId: '5b8efff798038103d269b633813fc60c',
  name: 'http.server.request.duration',
  fingerprint: 'no-such-group',
  file: 'spans.parquet',
  silenceId: '00000000-0000-4000-8000-000000000000',
  id: '1',
};

/** `/api/traces/{traceId}` → `/api/traces/5b8e…`: a documented path with sample values in its parameters. */
export function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_all, name: string) => SAMPLE_PATH_VALUES[name] ?? name);
}
