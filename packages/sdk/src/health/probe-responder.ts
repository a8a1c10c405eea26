import type { IncomingMessage, ServerResponse } from 'node:http';
import { PathTable } from '../paths/index.js';
import type { HealthRegistry } from './health-registry.js';
import { type BodyOptions, reportBody, type ServiceInfo } from './report-body.js';
import type { ProbeKind } from './types.js';

/** Which paths answer which probe: `health.paths` of the options. */
export type ProbePaths = Readonly<Record<ProbeKind, readonly string[]>>;

export interface ProbeResponderOptions extends BodyOptions {
  readonly registry: HealthRegistry;
  readonly service: ServiceInfo;
  readonly paths: ProbePaths;
  readonly onInternalError: (component: string, error: unknown) => void;
}

function writeBody(res: ServerResponse, status: number, body: string, head: boolean, closeConnection: boolean): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(body));
  // A draining server tells every client, the kubelet included, not to reuse the connection.
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(head ? undefined : body);
}

/**
 * Answers the probes over node:http. Adapters call `serve()` before the request pass, so
 * probes run no app middleware and never reach the RED metrics or the access log.
 */
export class ProbeResponder {
  readonly #options: ProbeResponderOptions;
  readonly #byPath: PathTable<ProbeKind>;

  constructor(options: ProbeResponderOptions) {
    this.#options = options;
    const entries = (Object.entries(options.paths) as [ProbeKind, readonly string[]][]).flatMap(([probe, paths]) =>
      paths.map((path) => [path, probe] as const),
    );
    this.#byPath = new PathTable(entries);
  }

  /** Every path served, for the request pass to ignore. */
  get paths(): readonly string[] {
    return this.#byPath.keys;
  }

  /** The probe a URL (query string allowed) is served as, or undefined. */
  probeOf(url: string): ProbeKind | undefined {
    const query = url.indexOf('?');
    return this.#byPath.get(url, 0, query === -1 ? url.length : query);
  }

  /**
   * Serves the request when its path is a probe path and returns true; otherwise returns
   * false without touching it. A few length checks for the common request.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const probe = this.probeOf(req.url ?? '/');
    if (probe === undefined) return false;
    this.respond(probe, req, res);
    return true;
  }

  /** Answers `probe`: 200 healthy or degraded, 503 unhealthy; GET and HEAD only. */
  respond(probe: ProbeKind, req: IncomingMessage, res: ServerResponse): void {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.setHeader('content-length', 0);
      res.end();
      return;
    }
    const { registry, service, onInternalError } = this.#options;
    registry.evaluate(probe).then(
      (report) => {
        const body = reportBody(report, service, this.#options);
        writeBody(res, report.status === 'unhealthy' ? 503 : 200, body, method === 'HEAD', report.shuttingDown);
      },
      (error: unknown) => {
        onInternalError('health', error);
        const body = JSON.stringify({ status: 'unhealthy', probe, reason: 'health evaluation failed' });
        writeBody(res, 503, body, method === 'HEAD', registry.shuttingDown);
      },
    );
  }
}
