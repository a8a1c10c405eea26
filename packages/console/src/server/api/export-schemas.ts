import { z } from 'zod';
import { EXPORT_TABLES } from '../store/export-tables.js';
import { resolveTimeWindow, timeParam } from './time-range.js';

/** `GET /api/export/{file}`: one table's rows of a window as a Parquet file. */
export const exportFileParam = z
  .enum(EXPORT_TABLES.map((table) => `${table}.parquet`) as [`${(typeof EXPORT_TABLES)[number]}.parquet`])
  .meta({ description: `one of ${EXPORT_TABLES.map((table) => `${table}.parquet`).join(', ')}` });

export const exportQuery = z
  .object({
    since: timeParam.prefault('1h'),
    until: timeParam.optional(),
  })
  .strict()
  .transform(resolveTimeWindow);
export type ExportQuery = z.output<typeof exportQuery>;

/** The response headers a client reads beside the Parquet body. */
export const EXPORT_ROWS_HEADER = 'x-sightline-rows';
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

/** `GET /api/export`: what can be exported, so clients need not hard-code the list. */
export const exportManifest = z.object({
  files: z.array(z.object({ table: z.enum(EXPORT_TABLES), file: z.string(), path: z.string() })),
});
