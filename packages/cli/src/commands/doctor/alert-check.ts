import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type CheckResult, failed, passed } from './check.js';
import { httpGet } from './http-get.js';

const run = promisify(execFile);
const TITLE = 'alert routing';
const FIX = 'route alerts: pass --alert-config alertmanager.yml (checked with amtool) or --alertmanager URL of a running Alertmanager';

/** `amtool check-config FILE` (Alertmanager's own validator) accepts the configuration. */
async function configCheck(file: string): Promise<CheckResult> {
  try {
    const { stdout } = await run('amtool', ['check-config', file], { timeout: 15_000 });
    const receivers = /Found:[\s\S]*?(\d+) receivers/.exec(stdout)?.[1];
    return passed('alerts', 4, TITLE, `amtool check-config ${file}: SUCCESS${receivers === undefined ? '' : `, ${receivers} receivers`}`);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT')
      return failed('alerts', 4, TITLE, 'amtool not found on PATH', 'install amtool (Debian: prometheus-alertmanager) to check the file');
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ');
    return failed('alerts', 4, TITLE, `amtool check-config ${file} refused it: ${output}`, 'fix the Alertmanager configuration');
  }
}

/** A running Alertmanager answers its v2 status with a loaded configuration. */
async function serverCheck(base: string, signal: AbortSignal | undefined): Promise<CheckResult> {
  const url = new URL('/api/v2/status', base).toString();
  const answer = await httpGet(url, { accept: 'application/json' }, signal);
  if (answer === undefined) return failed('alerts', 4, TITLE, `GET ${url}: no answer`, FIX);
  let status: { versionInfo?: { version?: string }; cluster?: { status?: string }; config?: { original?: string } } | undefined;
  try {
    status = JSON.parse(answer.body) as typeof status;
  } catch {
    status = undefined;
  }
  if (answer.status !== 200 || typeof status?.config?.original !== 'string')
    return failed('alerts', 4, TITLE, `GET ${url} → ${answer.status}: not an Alertmanager v2 status`, FIX);
  const version = status.versionInfo?.version ?? 'unknown version';
  return passed('alerts', 4, TITLE, `Alertmanager ${version} at ${base} (cluster ${status.cluster?.status ?? 'n/a'})`);
}

export function alertRoutingCheck(cwd: string, config: string | undefined, server: string | undefined, signal?: AbortSignal) {
  if (server !== undefined) return serverCheck(server, signal);
  if (config !== undefined) return configCheck(resolve(cwd, config));
  return Promise.resolve(failed('alerts', 4, TITLE, 'no --alertmanager or --alert-config given', FIX));
}
