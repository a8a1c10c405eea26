import { Command, Option } from 'commander';
import { formatSeconds, parseWholeSeconds } from '../../duration.js';
import type { CliIo } from '../../io.js';
import { requestJson, resolveTarget } from '../../target.js';
import { formatStats } from './format-stats.js';
import { addTargetOptions, type TargetFlags } from './target-options.js';

interface ToggleFlags extends TargetFlags {
  off?: boolean;
  level?: string;
  route?: string;
  user?: string;
  for?: number;
  dump: boolean;
}

/** GET/POST /debug/toggle's answer (the SDK's DebugToggleStatus). */
interface ToggleStatus {
  active?: unknown;
  mode?: unknown;
  level?: unknown;
  baseLevel?: unknown;
  route?: unknown;
  userId?: unknown;
  dump?: unknown;
  expiresAt?: unknown;
  remainingSeconds?: unknown;
}

/** The JSON body of POST /debug/toggle: only what was asked for; the server defaults the rest. */
export function toggleBody(flags: ToggleFlags): Record<string, unknown> {
  return {
    level: flags.level ?? 'debug',
    ...(flags.route === undefined ? {} : { route: flags.route }),
    ...(flags.user === undefined ? {} : { userId: flags.user }),
    ...(flags.for === undefined ? {} : { durationSeconds: flags.for }),
    ...(flags.dump ? {} : { dump: false }),
  };
}

/** `debug toggle: on for route /orders/:id, at debug, 4m59s left (until …); request dumps on`. */
export function formatToggleStatus(value: unknown): string {
  const status = (typeof value === 'object' && value !== null ? value : {}) as ToggleStatus;
  if (typeof status.active !== 'boolean') return formatStats(value);
  if (!status.active) return `debug toggle: off (log level ${String(status.level ?? '?')})\n`;
  const scope = [
    typeof status.route === 'string' ? `route ${status.route}` : '',
    typeof status.userId === 'string' ? `user ${status.userId}` : '',
  ].filter((part) => part !== '');
  const left = typeof status.remainingSeconds === 'number' ? `, ${formatSeconds(status.remainingSeconds)} left` : '';
  const until = typeof status.expiresAt === 'string' ? ` (until ${status.expiresAt})` : '';
  return (
    `debug toggle: on for ${scope.length === 0 ? 'every request' : scope.join(' and ')}, at ${String(status.level)}${left}${until}\n` +
    `request dumps ${status.dump === true ? 'on' : 'off'}; the level returns to ${String(status.baseLevel ?? '?')} afterwards\n`
  );
}

/** `sightline debug toggle`: raises the log level for a while, for everything or one route/user. */
export function toggleCommand(io: CliIo): Command {
  return addTargetOptions(new Command('toggle'))
    .description('raise the log level for a while, for all requests or one route or user; without options print the status')
    .addOption(new Option('--level <level>', 'log level while on (default: debug)').choices(['debug', 'trace']))
    .option('--route <template>', 'only requests of this route template, e.g. /orders/:id')
    .option('--user <id>', 'only requests of this user id')
    .option('--for <duration>', 'switch back after this long: 5m, 1h (default: the server’s, 5m)', parseWholeSeconds)
    .option('--no-dump', 'do not write request/response dumps while on')
    .addOption(new Option('--off', 'switch the toggle off now').conflicts(['level', 'route', 'user', 'for']))
    .action(async (flags: ToggleFlags) => {
      const target = resolveTarget(flags, io.env);
      const turningOn =
        flags.level !== undefined || flags.route !== undefined || flags.user !== undefined || flags.for !== undefined || !flags.dump;
      let status: unknown;
      if (flags.off === true) {
        status = await requestJson(target, '/debug/toggle/disable', { method: 'POST', signal: io.signal });
      } else if (turningOn) {
        status = await requestJson(target, '/debug/toggle', { method: 'POST', body: toggleBody(flags), signal: io.signal });
      } else {
        status = await requestJson(target, '/debug/toggle', { signal: io.signal });
      }
      io.stdout.write(formatToggleStatus(status));
    });
}
