import { createRequire } from 'node:module';
import { type ConfigRedactionOptions, redactConfig } from './redact-config.js';

export interface RuntimeInfoSource {
  readonly serviceName: string;
  /** The observer's resolved options, shown redacted. */
  readonly config: unknown;
  readonly redaction: ConfigRedactionOptions;
}

const NODE_MODULES = '/node_modules/';

/** `…/node_modules/@scope/name/lib/x.js` → `@scope/name`; the innermost node_modules wins. */
function packageOf(path: string): string | undefined {
  const normalized = path.replaceAll('\\', '/');
  const at = normalized.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const parts = normalized.slice(at + NODE_MODULES.length).split('/');
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  return name === undefined || name === '' ? undefined : name;
}

/**
 * CommonJS modules come from `require.cache` (one cache for the whole process). Node has no
 * public API listing loaded ES modules (the inspector's Debugger domain could, but enabling it
 * slows the process), so ESM-only modules are missing: the list says so.
 */
function loadedModules() {
  const paths = Object.keys(createRequire(import.meta.url).cache).sort();
  const packages = [...new Set(paths.map(packageOf).filter((name) => name !== undefined))].sort();
  return {
    commonjs: paths,
    packages,
    note: 'CommonJS modules only (require.cache): Node offers no API listing loaded ES modules',
  };
}

/** Versions, process vitals, the redacted config, loaded modules and environment variable names (never values). */
export function runtimeInfo(source: RuntimeInfoSource) {
  return {
    service: source.serviceName,
    pid: process.pid,
    ppid: process.ppid,
    platform: process.platform,
    arch: process.arch,
    versions: process.versions,
    execArgv: redactConfig(process.execArgv, source.redaction),
    uptimeSeconds: process.uptime(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    memory: process.memoryUsage(),
    cpuUsageMicros: process.cpuUsage(),
    resourceUsage: process.resourceUsage(),
    config: redactConfig(source.config, source.redaction),
    modules: loadedModules(),
    environmentVariables: Object.keys(process.env).sort(),
  };
}
