import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ResolvedDebugOptions } from '../config/index.js';
import type { RequestState } from '../http/index.js';
import { isLoopbackHost } from '../network/index.js';
import { BearerAuth, generateToken } from './auth.js';
import { CpuProfiler } from './cpu-profile.js';
import type { DebugErrorGroups } from './error-routes.js';
import { EventLoopMonitor } from './event-loop.js';
import { HeapSampler } from './heap-profile.js';
import { HeapSnapshotter } from './heap-snapshot.js';
import { CaptureAbortedError, DebugHttpError } from './http-error.js';
import { RemoteInspector } from './remote-inspector.js';
import { sendJson } from './respond.js';
import { DebugRouter } from './router.js';
import { createDebugRoutes } from './routes.js';
import type { DebugSloSource } from './slo-routes.js';
import type { DebugToggleEndpoint } from './toggle-routes.js';

export interface DebugServerOptions {
  readonly debug: Pick<ResolvedDebugOptions, 'port' | 'host' | 'token' | 'maxProfileSeconds' | 'inspectorTimeoutSeconds'>;
  readonly serviceName: string;
  readonly logger: Logger;
  readonly onInternalError: (component: string, error: unknown) => void;
  /** The request pass's in-flight set, read only when /debug/eventloop is asked. */
  readonly inFlight: () => Iterable<RequestState>;
  /** Resolved options, shown redacted by /debug/runtime. */
  readonly config: unknown;
  /** Extra key names to redact in the config (the user's `log.redact.keys`). */
  readonly redactKeys?: readonly string[];
  readonly toggle?: DebugToggleEndpoint;
  /** observer.errors: its groups are served at GET /debug/errors. */
  readonly errors?: DebugErrorGroups;
  /** observer.slo: served at GET /debug/slo. */
  readonly slo?: DebugSloSource;
}

export interface DebugServerAddress {
  /** `http://127.0.0.1:6060/debug` */
  readonly url: string;
  /** The address the server is bound to, from server.address(). */
  readonly host: string;
  readonly port: number;
}

export interface DebugServer {
  /** The bearer token every request must carry (configured, or generated at start). */
  readonly token: string;
  /** Resolves once listening, or with undefined when listening failed (reported, never thrown). */
  ready(): Promise<DebugServerAddress | undefined>;
  /** Aborts running captures, closes the inspector it opened, stops sampling, closes the server. */
  close(): Promise<void>;
}

/** How long close() lets aborted requests answer before cutting connections (the close phase has >= 1 s). */
const CLOSE_GRACE_MS = 250;

const urlHost = (address: string): string => (address.includes(':') ? `[${address}]` : address);

function respondWithFailure(res: ServerResponse, error: unknown, signal: AbortSignal, onInternalError: (error: unknown) => void): void {
  if (error instanceof DebugHttpError) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const allow = error.details.allow;
    if (Array.isArray(allow)) res.setHeader('allow', allow.join(', '));
    // The rest of an oversized body is not read: the connection cannot be reused.
    if (error.status === 413) res.setHeader('connection', 'close');
    sendJson(res, error.status, { error: error.message, ...error.details });
    return;
  }
  // The client went away or the server is closing: nothing to report, at most a 503 to send.
  if (error instanceof CaptureAbortedError || signal.aborted || res.destroyed) {
    if (!res.headersSent && !res.destroyed) sendJson(res, 503, { error: (error as Error).message });
    return;
  }
  onInternalError(error);
  if (res.headersSent) res.destroy();
  else sendJson(res, 500, { error: `debug endpoint failed: ${(error as Error)?.message ?? String(error)}` });
}

/** What the request handler needs: who may ask, where each path goes, what to log and report. */
interface HandlerParts {
  readonly auth: BearerAuth;
  readonly router: DebugRouter;
  readonly logger: Logger;
  /** Aborted by close(): running captures end at once. */
  readonly closing: AbortSignal;
  readonly report: (error: unknown) => void;
}

/** Authenticates, dispatches to the route, answers failures, and logs one line per request. */
function createRequestHandler({ auth, router, logger, closing, report }: HandlerParts) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    // Split by hand: `new URL('//host/x', base)` would read a leading `//` as a host.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const remoteAddress = req.socket.remoteAddress;
    if (!auth.check(req.headers.authorization)) {
      logger.warn(
        { remote_address: remoteAddress, method: req.method, path },
        'debug server refused a request without a valid bearer token',
      );
      res.setHeader('www-authenticate', 'Bearer realm="sightline-debug"');
      return sendJson(res, 401, { error: 'missing or invalid bearer token (Authorization: Bearer <token>)' });
    }
    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort('the client went away');
    });
    const signal = AbortSignal.any([clientGone.signal, closing]);
    try {
      const { route, params } = router.find(req.method ?? 'GET', path);
      const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
      const result = await route.handle({ req, res, query, signal, params });
      if (!res.headersSent) sendJson(res, 200, result ?? { ok: true });
    } catch (error) {
      respondWithFailure(res, error, signal, report);
    }
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    logger.info(
      { remote_address: remoteAddress, method: req.method, path, status: res.statusCode, duration_ms: durationMs },
      'debug request',
    );
  };
}

/** Listens; resolves with the address (logged, with a generated token), or undefined when listening failed. */
function listen(
  server: Server,
  options: DebugServerOptions,
  token: string,
  onListening: () => void,
  report: (error: unknown) => void,
): Promise<DebugServerAddress | undefined> {
  const { debug, logger } = options;
  const ready = new Promise<DebugServerAddress | undefined>((resolve) => {
    server.once('listening', () => {
      server.on('error', report);
      onListening();
      const address = server.address() as AddressInfo;
      const url = `http://${urlHost(address.address)}:${address.port}/debug`;
      if (debug.token === undefined) {
        logger.info(
          { url },
          `debug server listening on ${url}; generated token: ${token} (send "Authorization: Bearer <token>"; set debug.token or SIGHTLINE_DEBUG_TOKEN to choose one)`,
        );
      } else {
        logger.info({ url }, 'debug server listening');
      }
      resolve({ url, host: address.address, port: address.port });
    });
    server.once('error', (error) => {
      if (server.listening) return;
      report(error);
      logger.error({ err: error, host: debug.host, port: debug.port }, 'debug server could not listen; its endpoints are unavailable');
      resolve(undefined);
    });
  });
  server.listen(debug.port, debug.host);
  return ready;
}

/** Closes the server: connections still open after the grace period are cut. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Aborted captures answer 503 at once; whatever still streams after the grace period is cut.
    setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
  });
}

/** The captures the server owns (started on request, stopped at close) and its routes over them. */
function createCaptures(options: DebugServerOptions, token: string) {
  const { debug, logger, serviceName } = options;
  const eventLoop = new EventLoopMonitor();
  const heap = new HeapSampler();
  const inspector = new RemoteInspector(() => logger.info('debug server: inspector closed after its timeout'));
  const router = new DebugRouter(
    createDebugRoutes({
      serviceName,
      maxProfileSeconds: debug.maxProfileSeconds,
      inspectorTimeoutSeconds: debug.inspectorTimeoutSeconds,
      cpu: new CpuProfiler(),
      heap,
      snapshots: new HeapSnapshotter(),
      eventLoop,
      inspector,
      inFlight: options.inFlight,
      runtime: { serviceName, config: options.config, redaction: { keys: options.redactKeys ?? [], values: [token] } },
      toggle: options.toggle,
      errors: options.errors,
      slo: options.slo,
    }),
  );
  return { eventLoop, heap, inspector, router };
}

/**
 * The debug server: a plain node:http server on its own port (never the service's), loopback
 * by default, every request authenticated with a bearer token. Nothing here touches the
 * request path of the service: captures start only when asked for.
 */
export function startDebugServer(options: DebugServerOptions): DebugServer {
  const { debug, logger } = options;
  const token = debug.token ?? generateToken();
  const closing = new AbortController();
  const report = (error: unknown) => options.onInternalError('debug-server', error);
  const { eventLoop, heap, inspector, router } = createCaptures(options, token);
  const handle = createRequestHandler({ auth: new BearerAuth(token), router, logger, closing: closing.signal, report });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(report);
  });
  // The debug server must never be what keeps the process alive.
  server.unref();

  if (!isLoopbackHost(debug.host)) {
    logger.warn(
      { host: debug.host },
      'debug server bound to a non-loopback address: anyone who can reach it and holds the token can profile and inspect this process',
    );
  }
  const ready = listen(server, options, token, () => eventLoop.start(), report);

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const address = await ready;
    closing.abort('the debug server is closing');
    eventLoop.stop();
    inspector.dispose();
    await heap.stop();
    if (address !== undefined) await closeServer(server);
  };

  return {
    token,
    ready: () => ready,
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}
