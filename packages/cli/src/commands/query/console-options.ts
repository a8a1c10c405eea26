import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import { CONSOLE_TOKEN_ENV, CONSOLE_URL_ENV, DEFAULT_CONSOLE_URL } from '../../console-api/index.js';
import { parsePositiveInteger } from '../../duration.js';

/** Options every command that queries a running console shares. */
export interface ConsoleFlags {
  console?: string;
  json?: boolean;
}

export function addConsoleOptions(command: Command): Command {
  return command
    .option(
      '--console <url>',
      `the running console (default: $${CONSOLE_URL_ENV} or ${DEFAULT_CONSOLE_URL}; token from $${CONSOLE_TOKEN_ENV})`,
    )
    .option('--json', "print the API's JSON instead of a table");
}

export const limitOption = (fallback: number) => ['--limit <n>', 'at most this many, up to 1000', parsePositiveInteger, fallback] as const;

/** `key=value` for `--attr`, collected into pairs. */
export function collectAttribute(text: string, previous: [string, string][] = []): [string, string][] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new InvalidArgumentError(`"${text}" is not key=value, e.g. http.request.method=GET`);
  return [...previous, [text.slice(0, equals), text.slice(equals + 1)]];
}

/** The API's JSON as the answer to `--json`: indented, one trailing newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Who signs a change (a silence, an incident's entry) when --by is not given: the user's login name. */
export function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'sightline cli';
  }
}
