import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ConsoleLog } from '../log/index.js';
import { requestLabel } from '../requests/index.js';
import { EXPORT_TABLES, type ExportTable, type Store } from '../store/index.js';
import { EXPORT_ROWS_HEADER, exportFileParam, exportQuery, PARQUET_CONTENT_TYPE } from './export-schemas.js';
import { noQuery } from './schemas.js';
import { msToNanos } from './to-api.js';
import { ApiRequestError, parseQuery } from './validate.js';

/**
 * Parquet export, the bridge to bigger engines: `GET /api/export/{table}.parquet?since=&until=`
 * has the store COPY the window into a fresh temp directory, streams the file and removes the
 * directory when the response ends (or the client goes away). One table per request, so a
 * failed download is retried alone; clients pass absolute times so every table gets one window.
 */
export function registerExportRoutes(app: FastifyInstance, store: Store, log: ConsoleLog): void {
  app.get('/api/export', async (request) => {
    parseQuery(noQuery, request.query);
    return { files: EXPORT_TABLES.map((table) => ({ table, file: `${table}.parquet`, path: `/api/export/${table}.parquet` })) };
  });

  app.get<{ Params: { file: string } }>('/api/export/:file', async (request, reply) => {
    const file = exportFileParam.safeParse(request.params.file);
    if (!file.success) {
      const message = `one of ${exportFileParam.options.join(', ')}`;
      throw new ApiRequestError(404, 'not_found', `no export ${JSON.stringify(request.params.file)}: ${message}`, [
        { parameter: 'file', message },
      ]);
    }
    const query = parseQuery(exportQuery, request.query);
    const table = file.data.slice(0, -'.parquet'.length) as ExportTable;
    const dir = await mkdtemp(join(tmpdir(), 'sightline-export-'));
    const removeDir = () => {
      rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
        log.warn(`${requestLabel(request)}: export temp directory ${dir} not removed: ${(error as Error).message}`),
      );
    };
    try {
      const [exported] = await store.exportParquet({
        dir,
        tables: [table],
        since: msToNanos(query.since),
        ...(query.until === undefined ? {} : { until: msToNanos(query.until) }),
      });
      if (exported === undefined) throw new Error(`the store exported nothing for ${table}`);
      const stream = createReadStream(join(dir, exported.file));
      stream.once('close', removeDir);
      reply.raw.once('close', removeDir);
      return reply
        .header('content-type', PARQUET_CONTENT_TYPE)
        .header('content-length', exported.bytes)
        .header('content-disposition', `attachment; filename="${exported.file}"`)
        .header(EXPORT_ROWS_HEADER, exported.rows)
        .send(stream);
    } catch (error) {
      removeDir();
      throw error;
    }
  });
}
