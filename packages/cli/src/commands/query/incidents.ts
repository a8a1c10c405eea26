import { Command, InvalidArgumentError, Option } from 'commander';
import { apiUrl, type ConsoleTarget, getJson, getText, resolveConsole, sendJson } from '../../console-api/index.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { formatEpochMs, formatTable } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText, loginName } from './console-options.js';

/** The fields of the incident answers the CLI shows. */
interface IncidentSummary {
  ref: string;
  title: string;
  severity: string;
  status: string;
  createdBy: string;
  createdMs: number;
  resolvedMs: number | null;
}
interface IncidentDetail extends IncidentSummary {
  id: number;
  summary: string;
  detectedMs: number | null;
  timeline: { atMs: number; kind: string; author: string | null; text: string; ref: string | null }[];
}

const SEVERITIES = ['sev1', 'sev2', 'sev3'];
const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];

export function formatIncidents(incidents: IncidentSummary[]): string {
  if (incidents.length === 0) return 'no incident\n';
  return formatTable(
    ['id', 'severity', 'status', 'declared', 'resolved', 'title'],
    incidents.map((incident) => [
      incident.ref,
      incident.severity.toUpperCase(),
      incident.status,
      formatEpochMs(incident.createdMs),
      incident.resolvedMs === null ? '-' : formatEpochMs(incident.resolvedMs),
      incident.title,
    ]),
  );
}

export function formatIncident(incident: IncidentDetail): string {
  const lines = [
    `${incident.ref}: ${incident.title}`,
    `${incident.severity.toUpperCase()}, ${incident.status}; declared ${formatEpochMs(incident.createdMs)} by ${incident.createdBy}` +
      (incident.detectedMs === null ? '' : `, detected ${formatEpochMs(incident.detectedMs)}`) +
      (incident.resolvedMs === null ? '' : `, resolved ${formatEpochMs(incident.resolvedMs)}`),
  ];
  if (incident.summary.trim() !== '') lines.push('', incident.summary.trim());
  lines.push('', 'timeline:');
  const table = formatTable(
    ['time', 'kind', 'by', 'what'],
    incident.timeline.map((entry) => [
      formatEpochMs(entry.atMs),
      entry.kind,
      entry.author ?? '-',
      entry.kind === 'link' && entry.ref !== null ? `${entry.text} (${entry.ref})` : entry.text.replace(/\n/g, ' '),
    ]),
  );
  return `${lines.join('\n')}\n${table}`;
}

function incidentNumber(text: string): number {
  const match = /^(?:INC-)?([1-9][0-9]{0,9})$/i.exec(text.trim());
  if (match === null) throw new InvalidArgumentError(`"${text}" is not an incident: give its number or INC-<number>`);
  return Number(match[1]);
}

interface IncidentFlags extends ConsoleFlags {
  postmortem?: boolean;
  note?: string;
  link?: string;
  status?: string;
  severity?: string;
  summary?: string;
  by?: string;
}

async function changeAndShow(io: CliIo, target: ConsoleTarget, id: number, flags: IncidentFlags): Promise<IncidentDetail> {
  const url = apiUrl(target, `/api/incidents/${id}`);
  const change = {
    note: flags.link === undefined ? flags.note : undefined,
    link: flags.link === undefined ? undefined : { url: flags.link, text: flags.note ?? '' },
    status: flags.status,
    severity: flags.severity,
    summary: flags.summary,
  };
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  if (Object.keys(given).length === 0) return getJson<IncidentDetail>(target, url, io.signal);
  return sendJson<IncidentDetail>(target, url, { method: 'PATCH', body: { author: flags.by ?? loginName(), ...given } }, io.signal);
}

/** `sightline incidents`: a running console's incidents. */
export function incidentsCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('incidents'))
    .description("a running console's incidents, newest first")
    .addOption(new Option('--state <state>', 'open, resolved or all').choices(['open', 'resolved', 'all']).default('all'))
    .action(async (flags: ConsoleFlags & { state: string }) => {
      const target = resolveConsole(flags.console, io.env);
      const answer = await getJson<{ incidents: IncidentSummary[] }>(
        target,
        apiUrl(target, '/api/incidents', { state: flags.state }),
        io.signal,
      );
      io.stdout.write(flags.json ? jsonText(answer) : formatIncidents(answer.incidents));
    });
}

/** `sightline incident`: one incident, changed (status, severity, a note or link), declared, or its postmortem draft. */
export function incidentCommand(io: CliIo): Command {
  const command = addConsoleOptions(new Command('incident'))
    .description('one incident and its timeline; with flags, a change signed --by you; with --postmortem its draft in Markdown')
    .argument('<id>', 'its number or INC-<number>', incidentNumber)
    .option('--postmortem', 'print the postmortem draft (Markdown) instead')
    .option('--note <text>', 'add a note to the timeline (with --link: the link text)')
    .option('--link <url>', 'add a link: a console path (/traces/…) or an http(s) URL')
    .addOption(new Option('--status <status>', 'set the status').choices(STATUSES))
    .addOption(new Option('--severity <severity>', 'set the severity').choices(SEVERITIES))
    .option('--summary <text>', 'replace the summary')
    .option('--by <name>', "who makes the change (default: the user's login name)")
    .action(async (id: number, flags: IncidentFlags) => {
      const target = resolveConsole(flags.console, io.env);
      if (flags.postmortem === true) {
        const changes = ['note', 'link', 'status', 'severity', 'summary'].filter(
          (flag) => flags[flag as keyof IncidentFlags] !== undefined,
        );
        if (changes.length > 0)
          throw new CliError('SL_CLI_USAGE', `--postmortem prints the draft: give --${changes[0]} in a call of its own`);
        io.stdout.write(await getText(target, apiUrl(target, `/api/incidents/${id}/postmortem`), 'text/markdown', io.signal));
        return;
      }
      const incident = await changeAndShow(io, target, id, flags);
      io.stdout.write(flags.json ? jsonText(incident) : formatIncident(incident));
    });
  command.addCommand(
    addConsoleOptions(new Command('declare'))
      .description('declare an incident (status investigating); prints it')
      .argument('<title...>', 'what is happening')
      .addOption(new Option('--severity <severity>', 'its grade').choices(SEVERITIES).default('sev3'))
      .option('--summary <text>', 'what is known so far')
      .option('--by <name>', "who declares it (default: the user's login name)")
      .action(async (words: string[], flags: ConsoleFlags & { severity: string; summary?: string; by?: string }) => {
        const target = resolveConsole(flags.console, io.env);
        const body = { title: words.join(' '), severity: flags.severity, summary: flags.summary ?? '', createdBy: flags.by ?? loginName() };
        const incident = await sendJson<IncidentDetail>(target, apiUrl(target, '/api/incidents'), { method: 'POST', body }, io.signal);
        io.stdout.write(flags.json ? jsonText(incident) : formatIncident(incident));
      }),
  );
  return command;
}
