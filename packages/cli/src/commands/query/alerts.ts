import { Command } from 'commander';
import { apiUrl, getJson, resolveConsole } from '../../console-api/index.js';
import type { CliIo } from '../../io.js';
import { formatEpochMs, formatTable } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText } from './console-options.js';

/** The fields of GET /api/alerts the CLI shows. */
interface AlertList {
  alerts: { alertname: string; kind: string; severity: string | null; summary: string; startsAtMs: number | null; path: string | null }[];
  history: { kind: string; summary: string; startMs: number; endMs: number | null }[];
  delivery: { url: string; lastSentMs: number | null; lastError: string | null } | null;
}

const KIND: Record<string, string> = {
  'error-new': 'new error',
  'error-regressed': 'regressed',
  'slo-burn': 'SLO burn',
  incident: 'incident',
};

function deliveryLine(delivery: AlertList['delivery']): string {
  if (delivery === null) return 'shown in the console only (start it with --alertmanager URL to send them)';
  if (delivery.lastError !== null) return `sending to ${delivery.url} failed: ${delivery.lastError}`;
  return `sent to ${delivery.url}${delivery.lastSentMs === null ? '' : `, last round ${formatEpochMs(delivery.lastSentMs)}`}`;
}

/** What calls for an alert now, where alerts go, and with `history` the episodes. */
export function formatAlerts(answer: AlertList, history: boolean): string {
  const lines = [`alerts: ${deliveryLine(answer.delivery)}`];
  lines.push(
    answer.alerts.length === 0
      ? 'nothing calls for an alert now'
      : formatTable(
          ['kind', 'severity', 'since', 'alert', 'page'],
          answer.alerts.map((alert) => [
            KIND[alert.kind] ?? alert.kind,
            alert.severity ?? '-',
            alert.startsAtMs === null ? '-' : formatEpochMs(alert.startsAtMs),
            alert.summary,
            alert.path ?? '-',
          ]),
        ).trimEnd(),
  );
  if (history) {
    lines.push('', 'history (newest first):');
    lines.push(
      answer.history.length === 0
        ? 'no episode yet'
        : formatTable(
            ['kind', 'started', 'ended', 'alert'],
            answer.history.map((episode) => [
              KIND[episode.kind] ?? episode.kind,
              formatEpochMs(episode.startMs),
              episode.endMs === null ? 'firing' : formatEpochMs(episode.endMs),
              episode.summary,
            ]),
          ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `sightline alerts`: what a running console's evaluation calls for now (error groups, SLO burns). */
export function alertsCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('alerts'))
    .description(
      "what a running console's evaluation calls for now (new and regressed error groups, SLOs burning too fast), and where alerts go",
    )
    .option('--history', 'also the alert history: each episode from start to end')
    .action(async (flags: ConsoleFlags & { history?: boolean }) => {
      const target = resolveConsole(flags.console, io.env);
      const answer = await getJson<AlertList>(target, apiUrl(target, '/api/alerts'), io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatAlerts(answer, flags.history === true));
    });
}
