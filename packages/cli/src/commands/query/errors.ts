import { Command } from 'commander';
import { apiUrl, getJson, resolveConsole } from '../../console-api/index.js';
import type { CliIo } from '../../io.js';
import { formatTable, formatUnixNano } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText, limitOption } from './console-options.js';

interface ErrorsFlags extends ConsoleFlags {
  service?: string;
  since: string;
  until?: string;
  limit: number;
}

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

const isoOf = (ms: number) => new Date(ms).toISOString();

export function formatErrorGroups(groups: readonly ErrorGroup[]): string {
  if (groups.length === 0) return 'no errors in this window\n';
  return formatTable(
    ['fingerprint', 'count', 'last seen', 'services', 'type', 'message'],
    groups.map((group) => [
      group.fingerprint,
      String(group.count),
      isoOf(group.lastSeenMs),
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
    `count        ${group.count}`,
    `first seen   ${isoOf(group.firstSeenMs)}`,
    `last seen    ${isoOf(group.lastSeenMs)}`,
    `services     ${group.services.join(', ') || '-'}`,
    `routes       ${group.routes.join(', ') || '-'}`,
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
    .description('error groups of a running console (most frequent first); with a fingerprint, that group in full')
    .argument('[fingerprint]', 'one group: its sample stack and latest occurrences')
    .option('--service <name>', 'only groups seen in this service')
    .option('--since <time>', 'a duration back from now (15m, 1h, 7d), RFC 3339 or epoch ms', '24h')
    .option('--until <time>', 'end of the window, same forms as --since')
    .option(...limitOption(50))
    .action(async (fingerprint: string | undefined, flags: ErrorsFlags) => {
      const target = resolveConsole(flags.console, io.env);
      if (fingerprint !== undefined) {
        const url = apiUrl(target, `/api/errors/${encodeURIComponent(fingerprint)}`);
        const group = await getJson<ErrorGroupDetail>(target, url, io.signal);
        io.stdout.write(flags.json ? jsonText(group) : formatErrorGroup(group));
        return;
      }
      const url = apiUrl(target, '/api/errors', {
        service: flags.service,
        since: flags.since,
        until: flags.until,
        limit: flags.limit,
      });
      const answer = await getJson<{ groups: ErrorGroup[] }>(target, url, io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatErrorGroups(answer.groups));
    });
}
