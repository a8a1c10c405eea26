import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { apiUrl, getJson, requestConsole, resolveConsole, serverSentEvents } from '../../console-api/index.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { formatTable, formatUnixNano } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, collectAttribute, jsonText, limitOption } from './console-options.js';

interface LogsFlags extends ConsoleFlags {
  traceId?: string;
  service?: string;
  severity?: string;
  grep?: string;
  since: string;
  until?: string;
  limit: number;
  follow?: boolean;
  attr?: [string, string][];
}

/** The fields of GET /api/logs's records the table shows. */
interface LogRecord {
  timeUnixNano: string;
  service: string;
  severityNumber: number;
  severityText: string | null;
  body: unknown;
  /** Absent from lines of an older console's stream. */
  attributes?: Record<string, unknown>;
  traceId: string | null;
  /** Where a follow reconnecting goes on from (the store's order of arrival). */
  cursor?: string;
}

const SEVERITY_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** OTLP severity numbers come in fours per level (1–4 TRACE … 21–24 FATAL). */
function severityOf(log: LogRecord): string {
  if (log.severityText !== null && log.severityText !== '') return log.severityText.toUpperCase();
  return log.severityNumber >= 1 ? (SEVERITY_NAMES[Math.min(5, Math.floor((log.severityNumber - 1) / 4))] ?? '') : '-';
}

const valueText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
/** A logfmt value: quoted (as JSON) when it is empty or holds a space, a quote or an equals sign. */
const logfmtValue = (text: string): string => (text === '' || /[\s"=]/.test(text) ? JSON.stringify(text) : text);

/**
 * The line's attributes as logfmt `key=value` pairs in stored order, the SDK's request id last
 * (it identifies rather than describes), without a `service` attribute that repeats the column.
 */
export function attributePairs(log: Pick<LogRecord, 'attributes' | 'service'>): string {
  const attributes = log.attributes ?? {};
  const keys = Object.keys(attributes).filter((key) => !(key === 'service' && attributes[key] === log.service));
  const ordered = [...keys.filter((key) => key !== 'request_id'), ...keys.filter((key) => key === 'request_id')];
  return ordered.map((key) => `${key}=${logfmtValue(valueText(attributes[key]))}`).join(' ');
}

/** The body, then its attributes after two spaces. */
function lineText(log: LogRecord): string {
  const pairs = attributePairs(log);
  return pairs === '' ? valueText(log.body) : `${valueText(log.body)}  ${pairs}`;
}

function cells(log: LogRecord): string[] {
  return [formatUnixNano(log.timeUnixNano), severityOf(log), log.service, log.traceId ?? '-', lineText(log)];
}

const HEADERS = ['time', 'severity', 'service', 'trace id', 'body and attributes'];

/** Newest first, as the API answers. */
export function formatLogs(logs: readonly LogRecord[]): string {
  if (logs.length === 0) return 'no log records match\n';
  return formatTable(HEADERS, logs.map(cells));
}

/** One streamed line: columns padded to fixed widths, since later lines are not known yet. */
export function formatLogLine(log: LogRecord): string {
  const [time, severity, service, traceId, body] = cells(log);
  return `${time}  ${severity!.padEnd(5)}  ${service!.padEnd(16)}  ${traceId!.padEnd(32)}  ${body!.replace(/\r?\n/g, '⏎')}\n`;
}

/** Waits between reconnections of a follow: doubling from the first, up to the last. */
const RECONNECT_MS = { first: 500, most: 5_000 };

/** A failure a follow outlives: the console restarting (refused, reset) or answering 5xx meanwhile. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof CliError)) return true;
  return error.code === 'SL_CLI_CONSOLE_UNREACHABLE' || error.code === 'SL_CLI_REQUEST_FAILED';
}

/**
 * `--follow`: the API's server-sent `log` events, printed as they arrive until Ctrl-C. The API
 * starts the stream as `tail -f` does (no `after` cursor): the newest `--limit` lines, then new
 * ones. When the console goes away (a restart), it says so once on stderr and reconnects, as a
 * browser's EventSource does, going on after the last line printed: none twice, none lost that
 * the console stored. A refusal (a bad token, a bad filter) still ends it.
 */
async function follow(io: CliIo, flags: LogsFlags, url: URL, target: ReturnType<typeof resolveConsole>): Promise<void> {
  let after: string | undefined;
  let waitMs = RECONNECT_MS.first;
  let lost = false;
  while (!io.signal?.aborted) {
    const attempt = new URL(url);
    if (after !== undefined) attempt.searchParams.set('after', after);
    try {
      await stream(
        io,
        flags,
        attempt,
        target,
        () => {
          if (lost) io.stderr.write('sightline: reconnected to the console; following again\n');
          lost = false;
          waitMs = RECONNECT_MS.first;
        },
        (cursor) => {
          after = cursor;
        },
      );
      if (io.signal?.aborted) return;
      if (!lost) io.stderr.write('sightline: the console ended the stream; reconnecting…\n');
    } catch (error) {
      if (io.signal?.aborted) return;
      if (!isTransient(error)) throw error;
      // "cannot reach the console at … (connection refused)", without the advice to start one.
      const reason = error instanceof CliError ? error.message.split('. Start it')[0] : `the stream broke: ${(error as Error).message}`;
      if (!lost) io.stderr.write(`sightline: ${reason}; reconnecting…\n`);
    }
    lost = true;
    try {
      await sleep(waitMs, undefined, { signal: io.signal });
    } catch {
      return;
    }
    waitMs = Math.min(waitMs * 2, RECONNECT_MS.most);
  }
}

/** One connection of a follow: prints its lines, reports each line's cursor; ends when the stream does. */
async function stream(
  io: CliIo,
  flags: LogsFlags,
  url: URL,
  target: ReturnType<typeof resolveConsole>,
  connected: () => void,
  printed: (cursor: string) => void,
): Promise<void> {
  const response = await requestConsole(target, url, io.signal, 'text/event-stream');
  connected();
  const stop = () => response.destroy();
  io.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of serverSentEvents(response)) {
      if (event.event === 'error') io.stderr.write(`sightline: the console reported: ${event.data}\n`);
      if (event.event !== 'log') continue;
      const log = JSON.parse(event.data) as LogRecord;
      io.stdout.write(flags.json ? `${event.data}\n` : formatLogLine(log));
      if (log.cursor !== undefined) printed(log.cursor);
    }
  } finally {
    io.signal?.removeEventListener('abort', stop);
  }
}

/** `sightline logs`: log records from a running console, or a live tail with --follow. */
export function logsCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('logs'))
    .description('search the logs of a running console (newest first), or follow new lines live')
    .option('--trace-id <id>', 'only the records of this trace')
    .option('--service <name>', 'only this service')
    .addOption(new Option('--severity <level>', 'at least this severity').choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal']))
    .option('--grep <text>', 'the body contains this text (case-insensitive)')
    .option('--attr <key=value>', 'a log attribute equals this value (repeatable)', collectAttribute)
    .option('--since <time>', 'a duration back from now (15m, 1h, 7d), RFC 3339 or epoch ms', '1h')
    .option('--until <time>', 'end of the window, same forms as --since')
    .option(...limitOption(100))
    .option('-f, --follow', 'print the newest --limit lines, then each new line as it is stored, until Ctrl-C (like tail -f)')
    .action(async (flags: LogsFlags) => {
      const target = resolveConsole(flags.console, io.env);
      const query: [string, string][] = [];
      const params = {
        traceId: flags.traceId,
        service: flags.service,
        severity: flags.severity,
        q: flags.grep,
        since: flags.since,
        until: flags.until,
        limit: flags.limit,
        follow: flags.follow ? 'true' : undefined,
      };
      for (const [key, value] of Object.entries(params)) if (value !== undefined) query.push([key, String(value)]);
      for (const [key, value] of flags.attr ?? []) query.push([`attr.${key}`, value]);
      const url = apiUrl(target, '/api/logs', query);
      if (flags.follow) {
        await follow(io, flags, url, target);
        return;
      }
      const answer = await getJson<{ logs: LogRecord[] }>(target, url, io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatLogs(answer.logs));
    });
}
