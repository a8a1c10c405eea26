import { readFileSync } from 'node:fs';
import type { Profiler } from 'node:inspector';
import { gunzipSync } from 'node:zlib';
import * as alertmanagerSubpath from '@sightline/sdk/alertmanager';
import * as debugSubpath from '@sightline/sdk/debug';
import * as networkSubpath from '@sightline/sdk/network';
import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { cpuProfileToPprof } from './debug/cpu-pprof.js';
import { heapProfileToPprof } from './debug/heap-pprof.js';
import { HEAP_SAMPLING_INTERVAL_BYTES } from './debug/heap-profile.js';
import { encodePprof } from './debug/pprof-builder.js';
import * as root from './index.js';
import { isLoopbackHost } from './network/loopback.js';

/**
 * What `@sightline/sdk` exports, pinned: adding a name here is a decision about the public
 * API (engine parts go to a subpath or stay internal), not a side effect of a refactor.
 */
const ROOT_VALUES = [
  'AlertmanagerError',
  'DEFAULT_REDACT_KEYS',
  'DUMP_REDACT_KEYS',
  'ENV_TABLE',
  'SightlineAlertError',
  'SightlineConfigError',
  'SightlineError',
  'SightlineMetricError',
  'SightlineShutdownTimeoutError',
  'TRANSACTION_RESULT_ATTRIBUTE',
  'TRANSACTION_TYPE_ATTRIBUTE',
  'Transaction',
  'createAlertmanagerClient',
  'createObserver',
  'diskSpaceCheck',
  'eventLoopDelayCheck',
  'heapCheck',
  'highErrorRateAlert',
  'httpDependencyCheck',
  'postgresCheck',
  'redisCheck',
  'serviceDownAlert',
];

/** The types of the public signatures (options, the Observer and what its members return). */
const ROOT_TYPES = [
  'Alert',
  'AlertListFilter',
  'AlertTime',
  'AlertmanagerAlert',
  'AlertmanagerClient',
  'AlertmanagerClientOptions',
  'AlertmanagerSilence',
  'Apm',
  'ApmWindow',
  'CaptureMechanism',
  'CaptureOptions',
  'CaptureUser',
  'CheckDetails',
  'CheckFunction',
  'CheckOutcome',
  'CheckResult',
  'CheckSettings',
  'CreateObserverOptions',
  'DebugServerAddress',
  'DebugToggle',
  'DebugToggleEndpoint',
  'DebugToggleStatus',
  'DiskSpaceCheckOptions',
  'DrainOptions',
  'DrainableServer',
  'EnvEntry',
  'ErrorGroup',
  'ErrorLevel',
  'ErrorTracker',
  'EventLoopDelayCheckOptions',
  'Health',
  'HealthCheck',
  'HealthReport',
  'HealthStatus',
  'HeapCheckOptions',
  'HighErrorRateInput',
  'HttpDependencyCheckOptions',
  'IoRedisLike',
  'LogDestination',
  'LogLevel',
  'NodeRedisLike',
  'Observer',
  'ObserverDebug',
  'ObserverHttp',
  'ObserverMetrics',
  'ObserverOptions',
  'ObserverSlo',
  'PostgresCheckOptions',
  'PostgresClientLike',
  'Probe',
  'ProbeKind',
  'RedisCheckOptions',
  'RedisClientLike',
  'RequestContext',
  'ResolveOptions',
  'ResolvedOptions',
  'RouteSummary',
  'SendOptions',
  'ServeOptions',
  'ServiceDownInput',
  'ShutdownHandle',
  'ShutdownPhase',
  'SightlineErrorCode',
  'SilenceInput',
  'SilenceListFilter',
  'SilenceMatcher',
  'SloAlertCondition',
  'SloBurnRate',
  'SloSeverity',
  'SloSliView',
  'SloStatus',
  'TransactionOptions',
];

const EXPORT_LIST = /export (type )?\{([^}]*)\}/g;

/** The names src/index.ts re-exports, split into values and types (`type X` or `export type { … }`). */
function rootSourceNames(): { values: string[]; types: string[] } {
  const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const [, typeOnly, list] of source.matchAll(EXPORT_LIST)) {
    for (const entry of (list as string).split(',').map((name) => name.trim())) {
      if (entry === '') continue;
      if (typeOnly !== undefined || entry.startsWith('type ')) types.push(entry.replace(/^type\s+/, ''));
      else values.push(entry);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

describe('the public surface of @sightline/sdk', () => {
  it('exports exactly the pinned values at its root', () => {
    expect(Object.keys(root).sort()).toEqual(ROOT_VALUES);
  });

  it('re-exports exactly the pinned values and types, by name and with no export *', () => {
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/export \*/);
    expect(rootSourceNames()).toEqual({ values: ROOT_VALUES, types: ROOT_TYPES });
  });

  it('keeps engine parts out of the root: the pprof tools, span and metric internals, a second getRequestContext', () => {
    const names = Object.keys(root);
    for (const engine of [
      'cpuProfileToPprof',
      'encodePprof',
      'heapProfileToPprof',
      'HEAP_SAMPLING_INTERVAL_BYTES',
      'recordSpanError',
      'OVERFLOW_VALUE',
      'UNMATCHED_ROUTE',
      'getRequestContext',
    ]) {
      expect(names).not.toContain(engine);
    }
  });
});

describe('@sightline/sdk/debug', () => {
  it('exports the pprof tools the debug server uses, and only them', () => {
    expect(Object.keys(debugSubpath).sort()).toEqual([
      'HEAP_SAMPLING_INTERVAL_BYTES',
      'cpuProfileToPprof',
      'encodePprof',
      'heapProfileToPprof',
    ]);
    expect(debugSubpath.cpuProfileToPprof).toBe(cpuProfileToPprof);
    expect(debugSubpath.heapProfileToPprof).toBe(heapProfileToPprof);
    expect(debugSubpath.encodePprof).toBe(encodePprof);
    expect(debugSubpath.HEAP_SAMPLING_INTERVAL_BYTES).toBe(HEAP_SAMPLING_INTERVAL_BYTES);
  });

  it('turns a V8 CPU profile into gzip pprof through the subpath alone', async () => {
    const frame = (functionName: string, lineNumber: number) => ({
      functionName,
      scriptId: '1',
      url: 'file:///app.js',
      lineNumber,
      columnNumber: 0,
    });
    const profile: Profiler.Profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', -1), hitCount: 0, children: [2] },
        { id: 2, callFrame: frame('work', 9), hitCount: 2, children: [] },
      ],
      startTime: 0,
      endTime: 2_000,
      samples: [2, 2],
      timeDeltas: [0, 1_000],
    };

    const encoded = await debugSubpath.encodePprof(debugSubpath.cpuProfileToPprof(profile, { samplingIntervalMicros: 1000 }));

    const decoded = Profile.decode(gunzipSync(encoded));
    expect(decoded.sample.map((sample) => sample.value.map(Number))).toEqual([[2, 2_000_000]]);
    expect(decoded.stringTable.strings).toContain('work');
  });
});

describe('@sightline/sdk/network', () => {
  it('exports the loopback check the debug server and the console share, and only it', () => {
    expect(Object.keys(networkSubpath)).toEqual(['isLoopbackHost']);
    expect(networkSubpath.isLoopbackHost).toBe(isLoopbackHost);
  });
});

describe('@sightline/sdk/alertmanager', () => {
  it("exports the root's Alertmanager client and its errors, and only them", () => {
    expect(Object.keys(alertmanagerSubpath).sort()).toEqual(['AlertmanagerError', 'SightlineAlertError', 'createAlertmanagerClient']);
    expect(alertmanagerSubpath.createAlertmanagerClient).toBe(root.createAlertmanagerClient);
    expect(alertmanagerSubpath.AlertmanagerError).toBe(root.AlertmanagerError);
  });
});
