import { Command } from 'commander';
import { apiUrl, getJson, resolveConsole, sendJson } from '../../console-api/index.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { formatEpochMs, formatTable, formatUnixNano } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText, limitOption } from './console-options.js';

interface ErrorsFlags extends ConsoleFlags {
  service?: string;
  status?: string;
  sort?: string;
  since: string;
  until?: string;
  limit: number;
  resolve?: boolean;
  ignore?: boolean;
  reopen?: boolean;
}

/** The flags that set a group's status, and the status each sets. */
const STATUS_CHANGES = { resolve: 'resolved', ignore: 'ignored', reopen: 'unresolved' } as const;

/** The fields of GET /api/errors's groups (and /api/errors/{fingerprint}) the CLI shows. */
interface ErrorGroup {
  fingerprint: string;
  type: string;
  message: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  services: string[];
  routes: string[];
  sampleStack: string | null;
  /** unresolved, regressed (resolved, then seen again), resolved or ignored. */
  status: string;
  statusChangedMs: number | null;
  /** The service.version of its first and latest occurrence (null: none said), and every one seen. */
  firstVersion: string | null;
  lastVersion: string | null;
  versions: string[];
}

interface ErrorGroupDetail extends ErrorGroup {
  occurrences: {
    traceId: string;
    spanId: string;
    timeUnixNano: string;
    service: string;
    route: string | null;
    sources: string[];
    recordings: number;
  }[];
}

/** `1.4.2 (first) … 1.5.0 (latest)`, or the one version, or `-` when no occurrence named one. */
function versionsOf(group: ErrorGroup): string {
  if (group.firstVersion === null) return '-';
  if (group.versions.length <= 1) return group.firstVersion;
  return `first ${group.firstVersion}, latest ${group.lastVersion}; seen in ${group.versions.join(', ')}`;
}

export function formatErrorGroups(groups: readonly ErrorGroup[]): string {
  if (groups.length === 0) return 'no errors in this window\n';
  return formatTable(
    ['fingerprint', 'status', 'count', 'last seen', 'services', 'type', 'message'],
    groups.map((group) => [
      group.fingerprint,
      group.status,
      String(group.count),
      formatEpochMs(group.lastSeenMs),
      group.services.join(','),
      group.type,
      group.message,
    ]),
    ['count'],
  );
}

export function formatErrorGroup(group: ErrorGroupDetail): string {
  const lines = [
    `${group.type}: ${group.message}`,
    `fingerprint  ${group.fingerprint}`,
    `status       ${group.status}${group.statusChangedMs === null ? '' : ` (set ${formatEpochMs(group.statusChangedMs)})`}`,
    `count        ${group.count}`,
    `first seen   ${formatEpochMs(group.firstSeenMs)}`,
    `last seen    ${formatEpochMs(group.lastSeenMs)}`,
    `services     ${group.services.join(', ') || '-'}`,
    `routes       ${group.routes.join(', ') || '-'}`,
    `versions     ${versionsOf(group)}`,
    '',
  ];
  if (group.sampleStack !== null) lines.push('sample stack:', ...group.sampleStack.split('\n').map((line) => `  ${line}`), '');
  lines.push(`latest occurrences (open one with \`sightline trace <trace id>\`):`);
  const table = formatTable(
    ['time', 'service', 'route', 'recorded by', 'trace id'],
    group.occurrences.map((occurrence) => [
      formatUnixNano(occurrence.timeUnixNano),
      occurrence.service,
      occurrence.route ?? '-',
      occurrence.sources.join(' + '),
      occurrence.traceId,
    ]),
  );
  return `${lines.join('\n')}\n${table}`;
}

/** `sightline errors [fingerprint]`: error groups of a running console, or one group in full. */
export function errorsCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('errors'))
    .description(
      'error groups of a running console (most frequent first); with a fingerprint, that group in full, or with --resolve, --ignore or --reopen its status set',
    )
    .argument('[fingerprint]', 'one group: its sample stack and latest occurrences')
    .option('--service <name>', 'only groups seen in this service')
    .option('--status <status>', 'only groups in this state: unresolved (regressed ones included), regressed, resolved or ignored')
    .option(
      '--sort <order>',
      'count (most occurrences first, the default), lastSeen (most recently seen first) or firstSeen (newest groups first)',
    )
    .option('--resolve', 'with a fingerprint: mark the group resolved (it reads regressed if it happens again)')
    .option('--ignore', 'with a fingerprint: ignore the group (left out of the unresolved ones whatever comes)')
    .option('--reopen', 'with a fingerprint: mark a resolved or ignored group unresolved again')
    .option('--since <time>', 'a duration back from now (15m, 1h, 7d), RFC 3339 or epoch ms', '24h')
    .option('--until <time>', 'end of the window, same forms as --since')
    .option(...limitOption(50))
    .action(async (fingerprint: string | undefined, flags: ErrorsFlags) => {
      const target = resolveConsole(flags.console, io.env);
      const changes = (Object.keys(STATUS_CHANGES) as (keyof typeof STATUS_CHANGES)[]).filter((flag) => flags[flag] === true);
      if (changes.length > 1) throw new CliError('SL_CLI_USAGE', `give one of --resolve, --ignore and --reopen, not ${changes.length}`);
      const change = changes[0];
      if (change !== undefined) {
        if (fingerprint === undefined)
          throw new CliError('SL_CLI_USAGE', `--${change} needs the group's fingerprint: sightline errors <fingerprint> --${change}`);
        const url = apiUrl(target, `/api/errors/${encodeURIComponent(fingerprint)}/status`);
        const answer = await sendJson<{ fingerprint: string; status: string; statusChangedMs: number }>(
          target,
          url,
          { method: 'PUT', body: { status: STATUS_CHANGES[change] } },
          io.signal,
        );
        io.stdout.write(flags.json ? jsonText(answer) : `${answer.fingerprint} is now ${answer.status}\n`);
        return;
      }
      if (fingerprint !== undefined) {
        const url = apiUrl(target, `/api/errors/${encodeURIComponent(fingerprint)}`);
        const group = await getJson<ErrorGroupDetail>(target, url, io.signal);
        io.stdout.write(flags.json ? jsonText(group) : formatErrorGroup(group));
        return;
      }
      const url = apiUrl(target, '/api/errors', {
        service: flags.service,
        status: flags.status,
        sort: flags.sort,
        since: flags.since,
        until: flags.until,
        limit: flags.limit,
      });
      const answer = await getJson<{ groups: ErrorGroup[] }>(target, url, io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatErrorGroups(answer.groups));
    });
}
