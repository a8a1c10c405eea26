import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** The fields of a Sentry event payload the tests read; the rest stay open. */
export interface SentryEvent {
  readonly event_id: string;
  readonly level?: string;
  readonly message?: string | { formatted?: string };
  readonly environment?: string;
  readonly release?: string;
  readonly fingerprint?: string[];
  readonly transaction?: string;
  readonly tags?: Record<string, string>;
  readonly user?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
  readonly breadcrumbs?: { message?: string; level?: string; category?: string; timestamp?: number; data?: Record<string, unknown> }[];
  readonly contexts?: { trace?: { trace_id?: string; span_id?: string } } & Record<string, unknown>;
  readonly exception?: {
    values: { type?: string; value?: string; mechanism?: { type?: string; handled?: boolean }; stacktrace?: { frames?: unknown[] } }[];
  };
  readonly [field: string]: unknown;
}

export interface SentryIngest {
  /** A DSN pointing at this server: `http://publickey@127.0.0.1:<port>/1`. */
  readonly dsn: string;
  /** Every event received, in arrival order. */
  readonly events: readonly SentryEvent[];
  /** Request paths, to check what the SDK called. */
  readonly paths: readonly string[];
  close(): Promise<void>;
}

/**
 * An HTTP server standing in for Sentry's ingest endpoint: it accepts what the real
 * `@sentry/node` posts to /api/<project>/envelope/, decodes the envelope (gzipped or not:
 * header line, then item header and payload lines) and keeps the event items.
 */
export async function startSentryIngest(): Promise<SentryIngest> {
  const events: SentryEvent[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      paths.push(req.url ?? '');
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const lines = body.toString('utf8').split('\n');
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const item = JSON.parse(lines[i] as string) as { type?: string };
        if (item.type === 'event') events.push(JSON.parse(lines[i + 1] as string) as SentryEvent);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    events,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
