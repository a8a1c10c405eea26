import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import type { RequestState } from '../http/index.js';
import type { CpuProfiler } from './cpu-profile.js';
import { type DebugErrorGroups, errorRoutes } from './error-routes.js';
import type { EventLoopMonitor } from './event-loop.js';
import type { HeapSampler } from './heap-profile.js';
import type { HeapSnapshotter } from './heap-snapshot.js';
import type { RemoteInspector } from './remote-inspector.js';
import { attachmentName, booleanParam, choiceParam, integerParam, sendAttachment } from './respond.js';
import type { DebugRoute } from './router.js';
import { type RuntimeInfoSource, runtimeInfo } from './runtime-info.js';
import { type DebugSloSource, sloRoutes } from './slo-routes.js';
import { type DebugToggleEndpoint, toggleRoutes } from './toggle-routes.js';

/** The default CPU profile length, as `go tool pprof`'s /debug/pprof/profile would take 30 s. */
const DEFAULT_PROFILE_SECONDS = 10;
const DEFAULT_IN_FLIGHT_LIMIT = 100;
const MAX_INSPECTOR_SECONDS = 86_400;

/** The pprof encoders, loaded by the first profile asked for: a service that never asks for one never loads pprof-format. */
const pprofTools = () => import('./pprof.js');

export interface DebugCapabilities {
  readonly serviceName: string;
  readonly maxProfileSeconds: number;
  readonly inspectorTimeoutSeconds: number;
  readonly cpu: CpuProfiler;
  readonly heap: HeapSampler;
  readonly snapshots: HeapSnapshotter;
  readonly eventLoop: EventLoopMonitor;
  readonly inspector: RemoteInspector;
  readonly inFlight: () => Iterable<RequestState>;
  readonly runtime: RuntimeInfoSource;
  readonly toggle: DebugToggleEndpoint | undefined;
  readonly errors: DebugErrorGroups | undefined;
  readonly slo: DebugSloSource | undefined;
}

function profileRoutes(c: DebugCapabilities): DebugRoute[] {
  const service = c.serviceName;
  return [
    {
      method: 'GET',
      path: '/debug/pprof/profile',
      params: `seconds=1..${c.maxProfileSeconds} (default ${Math.min(DEFAULT_PROFILE_SECONDS, c.maxProfileSeconds)}), format=pprof|cpuprofile`,
      description: 'CPU profile: gzip pprof (go tool pprof, speedscope) or Chrome .cpuprofile (DevTools); one at a time (409)',
      async handle({ res, query, signal }) {
        const seconds = integerParam(query, 'seconds', 1, c.maxProfileSeconds, Math.min(DEFAULT_PROFILE_SECONDS, c.maxProfileSeconds));
        const format = choiceParam(query, 'format', ['pprof', 'cpuprofile'] as const, 'pprof');
        const capture = await c.cpu.capture(seconds, signal);
        if (format === 'cpuprofile') {
          const name = attachmentName(service, 'cpu', 'cpuprofile', capture.startedAtMs);
          return sendAttachment(res, JSON.stringify(capture.profile), 'application/json', name);
        }
        const { cpuProfileToPprof, encodePprof } = await pprofTools();
        const profile = cpuProfileToPprof(capture.profile, capture);
        sendAttachment(
          res,
          await encodePprof(profile),
          'application/octet-stream',
          attachmentName(service, 'cpu', 'pb.gz', capture.startedAtMs),
        );
      },
    },
    {
      method: 'GET',
      path: '/debug/pprof/heap',
      description:
        'heap sampling profile (live objects by allocation site) as gzip pprof; the first request starts sampling and returns what was sampled so far',
      async handle({ res }) {
        const capture = await c.heap.capture();
        const { encodePprof, heapProfileToPprof } = await pprofTools();
        const body = await encodePprof(heapProfileToPprof(capture.profile, capture));
        res.setHeader('x-sightline-heap-sampling-since', new Date(capture.samplingSinceMs).toISOString());
        res.setHeader('x-sightline-heap-sampling-started', String(capture.startedNow));
        sendAttachment(res, body, 'application/octet-stream', attachmentName(service, 'heap', 'pb.gz', capture.capturedAtMs));
      },
    },
    {
      method: 'GET',
      path: '/debug/heap/snapshot',
      description:
        'V8 heap snapshot (.heapsnapshot, DevTools Memory tab), streamed; blocks the event loop while taken; one at a time (409)',
      handle: ({ res }) => c.snapshots.stream(res, attachmentName(service, 'heap', 'heapsnapshot')),
    },
    {
      method: 'GET',
      path: '/debug/heap/stats',
      description: 'v8.getHeapStatistics(), v8.getHeapSpaceStatistics() and process.memoryUsage()',
      handle: () => ({ heap: getHeapStatistics(), spaces: getHeapSpaceStatistics(), memory: process.memoryUsage() }),
    },
  ];
}

function processRoutes(c: DebugCapabilities): DebugRoute[] {
  return [
    {
      method: 'GET',
      path: '/debug/eventloop',
      params: `limit=1..10000 (default ${DEFAULT_IN_FLIGHT_LIMIT}), reset=1 (restart the delay histogram after reading)`,
      description: 'active resources by type, event-loop delay histogram (ms), in-flight requests oldest first',
      handle: ({ query }) =>
        c.eventLoop.report(c.inFlight(), integerParam(query, 'limit', 1, 10_000, DEFAULT_IN_FLIGHT_LIMIT), booleanParam(query, 'reset')),
    },
    {
      method: 'GET',
      path: '/debug/runtime',
      description: 'versions, pid, uptime, memory, CPU, the resolved config (secrets redacted), loaded modules, env variable names',
      handle: () => runtimeInfo(c.runtime),
    },
    { method: 'GET', path: '/debug/inspector', description: 'Node inspector status', handle: () => c.inspector.status() },
    {
      method: 'POST',
      path: '/debug/inspector/open',
      params: `timeoutSeconds=1..${MAX_INSPECTOR_SECONDS} (default ${c.inspectorTimeoutSeconds})`,
      description: 'open the Node inspector on 127.0.0.1 (ws URL in the answer), closed again after the timeout; 409 if open',
      handle: ({ query }) => c.inspector.open(integerParam(query, 'timeoutSeconds', 1, MAX_INSPECTOR_SECONDS, c.inspectorTimeoutSeconds)),
    },
    { method: 'POST', path: '/debug/inspector/close', description: 'close the inspector opened here', handle: () => c.inspector.close() },
  ];
}

/** Every debug endpoint, plus `GET /debug` listing them. */
export function createDebugRoutes(capabilities: DebugCapabilities): DebugRoute[] {
  const routes: DebugRoute[] = [
    {
      method: 'GET',
      path: '/debug',
      description: 'this list, and which captures are running',
      handle: () => ({
        service: capabilities.serviceName,
        active: {
          cpuProfile: capabilities.cpu.busy,
          heapSnapshot: capabilities.snapshots.busy,
          heapSampling: capabilities.heap.sampling,
          inspector: capabilities.inspector.status().open,
        },
        endpoints: index,
      }),
    },
    ...profileRoutes(capabilities),
    ...processRoutes(capabilities),
    ...toggleRoutes(capabilities.toggle),
    ...errorRoutes(capabilities.errors),
    ...sloRoutes(capabilities.slo),
  ];
  const index = routes.map(({ method, path, params, description }) => ({ method, path, ...(params ? { params } : {}), description }));
  return routes;
}
