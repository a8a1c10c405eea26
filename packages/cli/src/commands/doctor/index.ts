import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { colorEnabled, painter } from '../../color.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { alertRoutingCheck } from './alert-check.js';
import type { CheckResult } from './check.js';
import { type Exposition, parseExposition } from './exposition.js';
import { type Answer, httpGet } from './http-get.js';
import { logCorrelationCheck, structuredLogsCheck } from './log-checks.js';
import { readLogTail } from './log-file.js';
import { LEVELS, maturity } from './maturity.js';
import { metricsEndpointCheck, redMetricsCheck, routeLabelsCheck } from './metrics-checks.js';
import { PROBE_PATHS, probeCheck } from './probe-checks.js';
import { formatReport } from './report.js';
import { sloCheck } from './slo-check.js';
import { newTraceProbe, tracePropagationCheck } from './trace-check.js';

interface DoctorFlags {
  target: string;
  log?: string;
  slo?: string[];
  alertmanager?: string;
  alertConfig?: string;
  metricsPath: string;
  requestPath: string;
  json?: boolean;
  minLevel?: number;
}

function baseUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // Named below.
  }
  throw new CliError('SL_CLI_TARGET_INVALID', `--target ${text} is not an http(s) URL (e.g. http://127.0.0.1:3000)`);
}

function level(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 4) throw new InvalidArgumentError('a level from 0 to 4');
  return value;
}

/** Looks at the service from outside, the way Prometheus, a load balancer and a trace-carrying caller would. */
async function runChecks(io: CliIo, flags: DoctorFlags): Promise<CheckResult[]> {
  const base = baseUrl(flags.target);
  const at = (path: string) => new URL(path, base).toString();
  // A path nothing serves: is the target there at all, and does it answer every path alike?
  const nonsense = await httpGet(at(`/sightline-doctor-${randomBytes(6).toString('hex')}`), {}, io.signal);
  if (nonsense === undefined) throw new CliError('SL_CLI_TARGET_UNREACHABLE', `cannot reach ${base.origin}: is the service running?`);
  const probe = newTraceProbe();
  // Before /metrics, so a fresh service has a request in its histogram.
  const traced = await httpGet(at(flags.requestPath), { traceparent: probe.traceparent }, io.signal);
  const answers = new Map<string, Answer | undefined>();
  for (const path of [...PROBE_PATHS.live, ...PROBE_PATHS.ready]) answers.set(path, await httpGet(at(path), {}, io.signal));
  const metricsUrl = at(flags.metricsPath);
  const metrics = await httpGet(metricsUrl, { accept: 'text/plain;version=0.0.4, */*;q=0.1' }, io.signal);
  const exposition: Exposition | undefined = metrics?.status === 200 ? parseExposition(metrics.body) : undefined;
  const logPath = flags.log === undefined ? undefined : resolve(io.cwd, flags.log);
  const traceCheck = await tracePropagationCheck(at(flags.requestPath), probe, traced, logPath);
  const log = logPath === undefined ? undefined : await readLogTail(logPath);
  const exposes = exposition !== undefined && exposition.series.length > 0;
  return [
    metricsEndpointCheck(metricsUrl, metrics?.status, exposition),
    structuredLogsCheck(log),
    redMetricsCheck(exposition),
    routeLabelsCheck(exposition),
    probeCheck('live', answers, nonsense),
    probeCheck('ready', answers, nonsense),
    traceCheck,
    logCorrelationCheck(log),
    sloCheck(io, flags.slo ?? [], metricsUrl, exposes ? metrics?.body : undefined),
    await alertRoutingCheck(io.cwd, flags.alertConfig, flags.alertmanager, io.signal),
  ];
}

/** `sightline doctor`: scores a running service on the observability maturity model, levels 0 to 4. */
export function doctorCommand(io: CliIo): Command {
  return new Command('doctor')
    .description('inspect a running service from outside and score it on the observability maturity model (levels 0-4)')
    .requiredOption('--target <url>', "the service's base URL, e.g. http://127.0.0.1:3000")
    .option('--log <file>', "the service's log file (JSON lines are looked for, with trace ids)")
    .option('--slo <files...>', "the service's SLO specs (sightline.slo.yaml), checked against its /metrics")
    .option('--alertmanager <url>', 'a running Alertmanager that routes the alerts')
    .option('--alert-config <file>', 'an alertmanager.yml, checked with amtool check-config')
    .option('--metrics-path <path>', 'where the service exposes Prometheus metrics', '/metrics')
    .option('--request-path <path>', 'the path the traced request (with a traceparent header) goes to', '/')
    .option('--json', 'print the checks and the level as JSON')
    .option('--min-level <level>', 'exit 1 when the service scores below this level (for CI)', level)
    .action(async (flags: DoctorFlags) => {
      const checks = await runChecks(io, flags);
      const result = maturity(checks);
      if (flags.json === true) {
        const json = { target: flags.target, level: result.level, name: LEVELS[result.level].name, checks, missing: result.missing };
        io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        io.stdout.write(formatReport(flags.target, checks, result, painter(colorEnabled(io))));
      }
      if (flags.minLevel !== undefined && result.level < flags.minLevel)
        throw new CliError('SL_CLI_DOCTOR_BELOW_LEVEL', `${flags.target} is at level ${result.level}, below --min-level ${flags.minLevel}`);
    });
}
