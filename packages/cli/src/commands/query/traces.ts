import { Command, Option } from 'commander';
import { apiUrl, getJson, resolveConsole } from '../../console-api/index.js';
import { parseDuration } from '../../duration.js';
import type { CliIo } from '../../io.js';
import { formatMs, formatTable, formatUnixNano } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, collectAttribute, jsonText, limitOption } from './console-options.js';

interface TracesFlags extends ConsoleFlags {
  service?: string;
  route?: string;
  kind?: string;
  status?: 'ok' | 'error';
  minDuration?: number;
  attr?: [string, string][];
  since: string;
  until?: string;
  limit: number;
}

/** GET /api/traces's summaries (the fields the table shows). */
interface TraceSummary {
  traceId: string;
  rootService: string | null;
  rootName: string | null;
  /** The root span's HTTP status (consoles before 2026-12-05 leave it out; null: no HTTP server root). */
  rootStatusCode?: number | null;
  startTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  /** Each service's spans in the trace (consoles before 2026-12-04 leave it out). */
  services?: { service: string; spans: number }[];
}

export function formatTraces(traces: readonly TraceSummary[]): string {
  if (traces.length === 0) return 'no traces match\n';
  return formatTable(
    ['trace id', 'start', 'duration', 'spans', 'errors', 'status', 'service', 'root span'],
    traces.map((trace) => [
      trace.traceId,
      formatUnixNano(trace.startTimeUnixNano),
      formatMs(trace.durationMs),
      String(trace.spanCount),
      String(trace.errorCount),
      trace.rootStatusCode == null ? '-' : String(trace.rootStatusCode),
      // Without its root, the services whose spans have arrived, in parentheses.
      trace.rootService ?? (trace.services?.length ? `(${trace.services.map((entry) => entry.service).join(', ')})` : '?'),
      trace.rootName ?? '(root span not received)',
    ]),
    ['duration', 'spans', 'errors', 'status'],
  );
}

/** `sightline traces`: trace summaries from a running console, newest first. */
export function tracesCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('traces'))
    .description('search the traces of a running console (newest first)')
    .option('--service <name>', "a span's service (the span filters all hold for one span of the trace)")
    .option('--route <route>', "a span's http.route or name")
    .addOption(
      new Option('--kind <kind>', "a span's kind (server: the requests a service answered)").choices([
        'internal',
        'server',
        'client',
        'producer',
        'consumer',
      ]),
    )
    .addOption(new Option('--status <status>', 'only traces with (error) or without (ok) failed spans').choices(['ok', 'error']))
    .option('--min-duration <duration>', 'only traces at least this long: 250ms, 2s', parseDuration)
    .option('--attr <key=value>', 'a span attribute equals this value (repeatable)', collectAttribute)
    .option('--since <time>', 'a duration back from now (15m, 1h, 7d), RFC 3339 or epoch ms', '1h')
    .option('--until <time>', 'end of the window, same forms as --since')
    .option(...limitOption(20))
    .action(async (flags: TracesFlags) => {
      const target = resolveConsole(flags.console, io.env);
      const query: [string, string][] = [['since', flags.since]];
      if (flags.until !== undefined) query.push(['until', flags.until]);
      if (flags.service !== undefined) query.push(['service', flags.service]);
      if (flags.route !== undefined) query.push(['route', flags.route]);
      if (flags.kind !== undefined) query.push(['kind', flags.kind]);
      if (flags.status !== undefined) query.push(['status', flags.status]);
      if (flags.minDuration !== undefined) query.push(['minDurationMs', String(flags.minDuration)]);
      for (const [key, value] of flags.attr ?? []) query.push([`attr.${key}`, value]);
      query.push(['limit', String(flags.limit)]);
      const answer = await getJson<{ traces: TraceSummary[] }>(target, apiUrl(target, '/api/traces', query), io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatTraces(answer.traces));
    });
}
