import { Command, Option } from 'commander';
import { formatSeconds, parseWholeSeconds } from '../../duration.js';
import type { CliIo } from '../../io.js';
import { requestJson, resolveTarget } from '../../target.js';
import { addTargetOptions, type TargetFlags } from './target-options.js';

interface InspectFlags extends TargetFlags {
  close?: boolean;
  status?: boolean;
  timeout?: number;
}

/** The SDK's InspectorStatus. */
interface InspectorStatus {
  open?: boolean;
  url?: string | null;
  openedBy?: string | null;
  closesAt?: string | null;
}

function formatStatus(status: InspectorStatus): string {
  if (status.open !== true) return 'inspector: closed\n';
  const by = status.openedBy === 'process' ? ' (opened by the process itself, --inspect)' : '';
  const closes = status.closesAt == null ? '' : `, closes at ${status.closesAt}`;
  return `inspector: open at ${status.url ?? '?'}${by}${closes}\n`;
}

/** How to attach DevTools to `wsUrl` (ws://host:port/uuid), from this machine or through ssh. */
export function attachHint(wsUrl: string, target: URL): string {
  let hostPort = wsUrl;
  let path = '';
  try {
    const url = new URL(wsUrl);
    hostPort = url.host;
    path = url.pathname;
  } catch {
    // not a URL: print it as it is
  }
  const port = hostPort.split(':').pop() ?? '9229';
  const lines = [
    'attach Chrome DevTools:',
    `  chrome://inspect → "Configure…" → add ${hostPort} → "inspect" under Remote Target`,
    `  or open devtools://devtools/bundled/js_app.html?v8only=true&ws=${hostPort}${path}`,
  ];
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    lines.push(`the inspector listens on the service's machine: tunnel it first with ssh -L ${port}:${hostPort} ${target.hostname}`);
  }
  lines.push(
    'while paused at a breakpoint the service answers no requests; close the inspector when done: sightline debug inspect --close',
  );
  return lines.join('\n');
}

/** `sightline debug inspect`: opens (or closes) the Node inspector of the service for a while. */
export function inspectCommand(io: CliIo): Command {
  return addTargetOptions(new Command('inspect'))
    .description("open the service's Node inspector for Chrome DevTools (closes by itself after --timeout)")
    .option('--timeout <duration>', 'close the inspector after this long: 300s, 5m (default: the server’s, 5m)', parseWholeSeconds)
    .addOption(new Option('--close', 'close the inspector now').conflicts(['timeout', 'status']))
    .option('--status', 'print whether the inspector is open')
    .action(async (flags: InspectFlags) => {
      const target = resolveTarget(flags, io.env);
      if (flags.close === true) {
        io.stdout.write(formatStatus(await requestJson(target, '/debug/inspector/close', { method: 'POST', signal: io.signal })));
        return;
      }
      if (flags.status === true) {
        io.stdout.write(formatStatus(await requestJson(target, '/debug/inspector', { signal: io.signal })));
        return;
      }
      const opened = await requestJson<InspectorStatus>(target, '/debug/inspector/open', {
        method: 'POST',
        query: { timeoutSeconds: flags.timeout },
        signal: io.signal,
      });
      const url = typeof opened.url === 'string' ? opened.url : '(the server sent no url)';
      const closes =
        opened.closesAt != null
          ? ` (closes by itself at ${opened.closesAt})`
          : flags.timeout === undefined
            ? ''
            : ` (closes by itself in ${formatSeconds(flags.timeout)})`;
      io.stdout.write(`inspector open: ${url}${closes}\n${attachHint(url, target.url)}\n`);
    });
}
