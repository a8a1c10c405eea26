import { Command, InvalidArgumentError } from 'commander';
import { apiUrl, getJson, resolveConsole, sendJson } from '../../console-api/index.js';
import { parseDuration } from '../../duration.js';
import type { CliIo } from '../../io.js';
import { formatEpochMs, formatTable } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText, loginName } from './console-options.js';

/** One matcher as `POST /api/silences` takes it. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** The fields of GET /api/silences the CLI shows. */
interface SilenceList {
  alertmanager: string;
  silences: { id: string; state: string; matchers: Matcher[]; startsAtMs: number; endsAtMs: number; createdBy: string; comment: string }[];
}

const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)(.*)$/s;
const OPERATORS = { '=': [false, true], '!=': [false, false], '=~': [true, true], '!~': [true, false] } as const;

/** `name=value`, `name!=value`, `name=~regex`, `name!~regex`, as amtool takes them; a value may be double-quoted. */
export function parseMatcher(text: string, previous: Matcher[] = []): Matcher[] {
  const match = MATCHER.exec(text.trim());
  if (match === null) {
    throw new InvalidArgumentError(`"${text}" is not a matcher; use name=value, name!=value, name=~regex or name!~regex`);
  }
  const [, name, operator, raw] = match as unknown as [string, string, keyof typeof OPERATORS, string];
  let value = raw;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      throw new InvalidArgumentError(`the quoted value of "${text}" is not a valid string`);
    }
  }
  const [isRegex, isEqual] = OPERATORS[operator];
  return [...previous, { name, value, isRegex, isEqual }];
}

/** `name="value"`, `name!~"re"`: as amtool writes a matcher. */
export function matcherText(matcher: Matcher): string {
  const operator = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

/** The silences as a table: id, state, end, who, matchers and why. */
export function formatSilences(answer: SilenceList): string {
  const head = `silences in ${answer.alertmanager}`;
  if (answer.silences.length === 0) return `${head}: none active or pending\n`;
  const table = formatTable(
    ['id', 'state', 'ends', 'by', 'matchers', 'comment'],
    answer.silences.map((silence) => [
      silence.id,
      silence.state,
      formatEpochMs(silence.endsAtMs),
      silence.createdBy,
      silence.matchers.map(matcherText).join(' '),
      silence.comment,
    ]),
  );
  return `${head}:\n${table}`;
}

/** `sightline silence`: a running console's Alertmanager silences, listed, added and expired (as amtool's). */
export function silenceCommand(io: CliIo): Command {
  const command = addConsoleOptions(new Command('silence'))
    .description('the Alertmanager silences of a running console (started with --alertmanager): list them, add one, expire some')
    .action(async (flags: ConsoleFlags) => {
      const target = resolveConsole(flags.console, io.env);
      const answer = await getJson<SilenceList>(target, apiUrl(target, '/api/silences'), io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatSilences(answer));
    });
  command.addCommand(
    addConsoleOptions(new Command('add'))
      .description('mute the alerts all of whose matchers hold, e.g. alertname=SightlineErrorNew fingerprint=3f2a…; prints the id')
      .argument('<matcher...>', 'name=value, name!=value, name=~regex or name!~regex', parseMatcher)
      .requiredOption('--comment <text>', 'why (Alertmanager shows it beside the silence)')
      .option('--for <duration>', 'how long from now: 30m, 2h, 1d, 1w', parseDuration, 2 * 3_600_000)
      .option('--by <name>', "who makes it (default: the user's login name)")
      .action(async (matchers: Matcher[], flags: ConsoleFlags & { comment: string; for: number; by?: string }) => {
        const target = resolveConsole(flags.console, io.env);
        const body = { matchers, durationMs: flags.for, createdBy: flags.by ?? loginName(), comment: flags.comment };
        const answer = await sendJson<{ id: string }>(target, apiUrl(target, '/api/silences'), { method: 'POST', body }, io.signal);
        io.stdout.write(flags.json ? jsonText(answer) : `${answer.id}\n`);
      }),
  );
  command.addCommand(
    addConsoleOptions(new Command('expire'))
      .description('end silences now')
      .argument('<id...>', 'silence ids, as `sightline silence` lists them')
      .action(async (ids: string[], flags: ConsoleFlags) => {
        const target = resolveConsole(flags.console, io.env);
        const answers = [];
        for (const id of ids) {
          const url = apiUrl(target, `/api/silences/${encodeURIComponent(id)}`);
          answers.push(await sendJson<{ id: string; expired: true }>(target, url, { method: 'DELETE' }, io.signal));
        }
        io.stdout.write(flags.json ? jsonText(answers) : answers.map((answer) => `${answer.id} expired\n`).join(''));
      }),
  );
  return command;
}
